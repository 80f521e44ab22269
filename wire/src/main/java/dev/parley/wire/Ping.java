package dev.parley.wire;

/** Keeps the connection alive; answered by Pong. */
public record Ping(long nonce) implements Message {
    @Override
    public MessageType type() {
        return MessageType.PING;
    }

    @Override
    public void write(WireWriter writer) {
        writer.i64(nonce);
    }

    static Ping read(WireReader reader) throws MalformedFrameException {
        return new Ping(reader.i64());
    }
}
