package dev.parley.server.store;

/** The store could not do what was asked (disk full, I/O error, corrupt file). The message never holds user data. */
public final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
