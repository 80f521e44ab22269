package dev.parley.client.store;

/** The client's on-disk store failed (disk full, a locked or damaged file). */
public final class StoreException extends RuntimeException {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
