package dev.parley.wire;

/** Push: the pool of one-time prekeys is low; the client should publish more. */
public record KeysLow(int remaining) implements Message {
    @Override
    public MessageType type() {
        return MessageType.KEYS_LOW;
    }

    @Override
    public void write(WireWriter writer) {
        writer.i32(remaining);
    }

    static KeysLow read(WireReader reader) throws MalformedFrameException {
        return new KeysLow(reader.i32());
    }
}
