package dev.parley.wire;

/** Push: a stored message for this client; group is empty for a direct message. The client acknowledges it with Ack. */
public record Deliver(long messageId, String sender, String group, long sentAtMillis, byte[] payload) implements Message {
    public Deliver {
        java.util.Objects.requireNonNull(sender, "sender");
        java.util.Objects.requireNonNull(group, "group");
        payload = payload.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public MessageType type() {
        return MessageType.DELIVER;
    }

    @Override
    public void write(WireWriter writer) {
        writer.i64(messageId);
        writer.string(sender);
        writer.string(group);
        writer.i64(sentAtMillis);
        writer.bytes(payload);
    }

    static Deliver read(WireReader reader) throws MalformedFrameException {
        return new Deliver(reader.i64(),
                reader.string(Limits.MAX_NAME_BYTES),
                reader.string(Limits.MAX_NAME_BYTES),
                reader.i64(),
                reader.bytes(Limits.MAX_PAYLOAD_BYTES));
    }

    @Override
    public String toString() {
        return "Deliver[" + "messageId=" + messageId + ", " + "sender=" + sender + ", " + "group=" + group + ", " + "sentAtMillis=" + sentAtMillis + ", " + "payload=" + payload.length + " bytes" + "]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Deliver that
                && messageId == that.messageId
                && sender.equals(that.sender)
                && group.equals(that.group)
                && sentAtMillis == that.sentAtMillis
                && java.util.Arrays.equals(payload, that.payload);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(java.util.Objects.hashCode(messageId), java.util.Objects.hashCode(sender), java.util.Objects.hashCode(group), java.util.Objects.hashCode(sentAtMillis), java.util.Arrays.hashCode(payload));
    }
}
