package dev.parley.server.protocol;

import dev.parley.wire.ErrorCode;

/**
 * A request the server declines, with the code and the one plain sentence the client shows. Thrown by
 * checks deep in the server and turned into an Error frame in one place; carries no stack trace.
 */
public final class Refusal extends RuntimeException {
    private final ErrorCode code;

    public Refusal(ErrorCode code, String sentence) {
        super(sentence, null, false, false);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    public String sentence() {
        return getMessage();
    }
}
