package dev.parley.wire;

/** One opaque group ciphertext that the server fans out to every other member. */
public record SendGroup(String group, long clientMessageId, byte[] payload) implements Message {
    public SendGroup {
        java.util.Objects.requireNonNull(group, "group");
        payload = payload.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public MessageType type() {
        return MessageType.SEND_GROUP;
    }

    @Override
    public void write(WireWriter writer) {
        writer.string(group);
        writer.i64(clientMessageId);
        writer.bytes(payload);
    }

    static SendGroup read(WireReader reader) throws MalformedFrameException {
        return new SendGroup(reader.string(Limits.MAX_NAME_BYTES),
                reader.i64(),
                reader.bytes(Limits.MAX_PAYLOAD_BYTES));
    }

    @Override
    public String toString() {
        return "SendGroup[" + "group=" + group + ", " + "clientMessageId=" + clientMessageId + ", " + "payload=" + payload.length + " bytes" + "]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SendGroup that
                && group.equals(that.group)
                && clientMessageId == that.clientMessageId
                && java.util.Arrays.equals(payload, that.payload);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(java.util.Objects.hashCode(group), java.util.Objects.hashCode(clientMessageId), java.util.Arrays.hashCode(payload));
    }
}
