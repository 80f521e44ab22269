package dev.parley.wire;

/** A frame whose bytes do not follow the protocol. The message names what was wrong, never the payload. */
public class MalformedFrameException extends Exception {
    public MalformedFrameException(String message) {
        super(message);
    }
}
