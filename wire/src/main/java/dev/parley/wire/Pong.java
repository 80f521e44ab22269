package dev.parley.wire;

/** Answer to Ping. */
public record Pong(long nonce) implements Message {
    @Override
    public MessageType type() {
        return MessageType.PONG;
    }

    @Override
    public void write(WireWriter writer) {
        writer.i64(nonce);
    }

    static Pong read(WireReader reader) throws MalformedFrameException {
        return new Pong(reader.i64());
    }
}
