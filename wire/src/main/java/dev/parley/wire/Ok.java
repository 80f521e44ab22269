package dev.parley.wire;

/** A request succeeded with nothing to return. */
public record Ok() implements Message {
    @Override
    public MessageType type() {
        return MessageType.OK;
    }

    @Override
    public void write(WireWriter writer) {
    }

    static Ok read(WireReader reader) throws MalformedFrameException {
        return new Ok();
    }
}
