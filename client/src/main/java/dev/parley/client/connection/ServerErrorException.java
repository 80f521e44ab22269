package dev.parley.client.connection;

import dev.parley.wire.ErrorCode;

/** The server answered a request with an Error frame; the message is its sentence for the user. */
public final class ServerErrorException extends Exception {

    private final ErrorCode code;

    public ServerErrorException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
