package dev.parley.wire;

/** The server durably stored the message ("sent"). messageId names it in receipts. */
public record Accepted(long messageId, long serverTimeMillis) implements Message {
    @Override
    public MessageType type() {
        return MessageType.ACCEPTED;
    }

    @Override
    public void write(WireWriter writer) {
        writer.i64(messageId);
        writer.i64(serverTimeMillis);
    }

    static Accepted read(WireReader reader) throws MalformedFrameException {
        return new Accepted(reader.i64(),
                reader.i64());
    }
}
