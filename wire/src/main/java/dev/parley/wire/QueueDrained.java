package dev.parley.wire;

/** Push: everything queued at sign-in has been pushed. */
public record QueueDrained() implements Message {
    @Override
    public MessageType type() {
        return MessageType.QUEUE_DRAINED;
    }

    @Override
    public void write(WireWriter writer) {
    }

    static QueueDrained read(WireReader reader) throws MalformedFrameException {
        return new QueueDrained();
    }
}
