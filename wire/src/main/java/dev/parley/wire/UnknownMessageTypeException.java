package dev.parley.wire;

/** A frame whose type code this build does not know. */
public final class UnknownMessageTypeException extends MalformedFrameException {
    public UnknownMessageTypeException(int code) {
        super("unknown message type " + code);
    }
}
