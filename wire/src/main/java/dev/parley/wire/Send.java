package dev.parley.wire;

/** An opaque ciphertext for one user. clientMessageId makes a resend after reconnect idempotent. */
public record Send(String recipient, long clientMessageId, byte[] payload) implements Message {
    public Send {
        java.util.Objects.requireNonNull(recipient, "recipient");
        payload = payload.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public MessageType type() {
        return MessageType.SEND;
    }

    @Override
    public void write(WireWriter writer) {
        writer.string(recipient);
        writer.i64(clientMessageId);
        writer.bytes(payload);
    }

    static Send read(WireReader reader) throws MalformedFrameException {
        return new Send(reader.string(Limits.MAX_NAME_BYTES),
                reader.i64(),
                reader.bytes(Limits.MAX_PAYLOAD_BYTES));
    }

    @Override
    public String toString() {
        return "Send[" + "recipient=" + recipient + ", " + "clientMessageId=" + clientMessageId + ", " + "payload=" + payload.length + " bytes" + "]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Send that
                && recipient.equals(that.recipient)
                && clientMessageId == that.clientMessageId
                && java.util.Arrays.equals(payload, that.payload);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(java.util.Objects.hashCode(recipient), java.util.Objects.hashCode(clientMessageId), java.util.Arrays.hashCode(payload));
    }
}
