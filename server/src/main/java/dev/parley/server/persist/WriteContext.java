package dev.parley.server.persist;

import dev.parley.server.state.Connection;
import dev.parley.server.state.Directory;
import dev.parley.server.store.Stores;

/** What an operation sees on the writer thread. */
public interface WriteContext {
    Stores stores();

    Directory directory();

    long nowMillis();

    /** A fresh message id: strictly increasing, never reused, even across restarts. */
    long nextMessageId();

    /** Queues a follow-up operation behind everything already waiting (never refused). */
    void submit(StoreOp op);

    /**
     * Pushes to {@code connection} wait until this batch's effects have gone out (after its commit, and its sync):
     * for a connection this batch attaches, whose SignedIn and first page those effects carry.
     */
    void holdPushes(Connection connection);
}
