package dev.parley.client.connection;

import java.io.IOException;

/** A request could not complete because the connection to the server ended. */
public final class ConnectionClosedException extends IOException {

    public ConnectionClosedException(String message, Throwable cause) {
        super(message, cause);
    }
}
