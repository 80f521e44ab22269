package dev.parley.wire;

/** Push: the recipient's client has the message with this id ("delivered"). */
public record Receipt(long messageId, String recipient, long atMillis) implements Message {
    public Receipt {
        java.util.Objects.requireNonNull(recipient, "recipient");
    }

    @Override
    public MessageType type() {
        return MessageType.RECEIPT;
    }

    @Override
    public void write(WireWriter writer) {
        writer.i64(messageId);
        writer.string(recipient);
        writer.i64(atMillis);
    }

    static Receipt read(WireReader reader) throws MalformedFrameException {
        return new Receipt(reader.i64(),
                reader.string(Limits.MAX_NAME_BYTES),
                reader.i64());
    }
}
