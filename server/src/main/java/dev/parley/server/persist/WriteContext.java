package dev.parley.server.persist;

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
}
