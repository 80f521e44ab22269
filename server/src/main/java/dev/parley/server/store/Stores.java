package dev.parley.server.store;

/**
 * One database: its stores and its transaction boundary. Used by one thread at a time (the store
 * writer), so implementations need no locking.
 */
public interface Stores extends AutoCloseable {
    AccountStore accounts();

    TokenStore tokens();

    KeyStore keys();

    QueueStore queue();

    GroupStore groups();

    /** Makes everything since the last commit durable. */
    void commit();

    /** Forgets everything since the last commit. */
    void rollback();

    /**
     * Housekeeping between batches, on the writer thread, outside any batch (e.g. letting the write-ahead
     * log start over from its beginning). Nothing by default.
     */
    default void betweenBatches() {
    }

    @Override
    void close();
}
