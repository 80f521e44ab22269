package dev.parley.wire;

/**
 * One protocol frame: a request with a client-chosen id, the response carrying the same id,
 * or a server push with id 0.
 */
public record Frame(long id, Message message) {
    public static final long PUSH = 0;

    public Frame {
        if (message == null) {
            throw new IllegalArgumentException("frame needs a message");
        }
    }

    public static Frame push(Message message) {
        return new Frame(PUSH, message);
    }

    public boolean isPush() {
        return id == PUSH;
    }
}
