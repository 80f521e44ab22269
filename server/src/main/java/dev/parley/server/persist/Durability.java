package dev.parley.server.persist;

import dev.parley.server.state.Connection;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When a committed batch's effects may go out. {@link #immediate()}: at once, the commit itself being durable (SQLite
 * syncs inside it, or the operator chose not to sync). {@link #afterSync}: the store commits without syncing and a
 * thread of its own syncs the log and only then lets out, in batch order, the effects of every batch committed before
 * that sync began. The writer goes on with the next batch meanwhile, so neither it nor a push ahead of a commit waits
 * for the disk; only the replies (and pushes) made after a commit do, as they always have.
 *
 * <p>Frames for one connection keep the order in which the writer made them: a push made ahead of a commit goes out
 * at once only if nothing the connection is owed is still held ({@link Effects#ready}); otherwise the operation makes
 * it after its commit, and it is held behind the rest.
 *
 * <p>What waits for a sync is bounded: once the operations of the batches held reach the bound, the writer waits
 * for the sync before its next batch, so a disk that stalls makes operations queue (and be refused beyond the
 * writer's own bound) as they did when the writer synced itself, instead of filling memory with held replies.
 *
 * <p>If a sync fails, nothing held goes out and the store takes no more writes: after a failed fsync the kernel may
 * have dropped the unwritten pages and reported the error once, so retrying could report success for data that never
 * reached the disk (PostgreSQL's lesson). Operations that reach the writer after that fail at once.
 */
public final class Durability implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Durability.class);

    /** Makes everything committed so far durable: one fsync of the store's log. */
    @FunctionalInterface
    public interface Sync {
        void sync() throws IOException;
    }

    /** Told the duration of each sync (metrics); called on the sync thread. */
    public interface SyncListener {
        void synced(int batches, long nanos);
    }

    private final Sync sync;
    private final Thread thread;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final Condition room = lock.newCondition();
    private final List<Effects> held = new ArrayList<>(); // guarded by lock
    private final int maxHeldOperations;
    private int heldOperations; // guarded by lock: operations of the batches held or being synced
    private boolean closing; // guarded by lock
    private volatile long released;
    private volatile boolean failed;
    private volatile SyncListener listener = (batches, nanos) -> { };
    private final AtomicLong syncs = new AtomicLong();
    private long sequence; // store writer only

    private Durability(Sync sync, int maxHeldOperations) {
        this.sync = sync;
        this.maxHeldOperations = maxHeldOperations;
        this.thread = sync == null ? null : Thread.ofPlatform().name("parley-store-sync").unstarted(this::loop);
    }

    /** Effects go out as soon as their batch committed. */
    public static Durability immediate() {
        return new Durability(null, 0);
    }

    /**
     * Effects go out once {@code sync} — begun after their batch committed — has returned.
     *
     * @param maxHeldOperations operations whose batches may wait for a sync before the writer waits too
     */
    public static Durability afterSync(Sync sync, int maxHeldOperations) {
        Durability durability = new Durability(sync, maxHeldOperations);
        durability.thread.start();
        return durability;
    }

    public void listener(SyncListener listener) {
        this.listener = listener;
    }

    /** Syncs done so far (tests and metrics). */
    public long syncs() {
        return syncs.get();
    }

    /** True once a sync failed: nothing more is written. */
    public boolean failed() {
        return failed;
    }

    /** Store writer: the effects of the next batch, marking every connection they touch as owed them. */
    Effects next() {
        return new Effects(++sequence, null);
    }

    /** Store writer: effects that go out now, ahead of the commit, where {@link Effects#ready} allows. */
    Effects ahead() {
        return new Effects(0, this);
    }

    /** Whether everything once held for {@code connection} has gone out. */
    boolean settled(Connection connection) {
        return connection.heldThrough <= released;
    }

    /** Whether the batch whose effects had this sequence, and every batch before it, is durable. */
    boolean durable(long batch) {
        return batch <= released;
    }

    /**
     * Store writer: a batch of {@code operations} committed (or failed) and these are its effects — handed over even
     * when empty, so that every batch is counted durable in order.
     */
    void release(Effects effects, int operations) {
        if (sync == null) {
            effects.dispatch();
            released = effects.sequence();
            return;
        }
        lock.lock();
        try {
            if (!failed) {
                effects.operations = operations;
                held.add(effects);
                heldOperations += operations;
                work.signal();
                return;
            }
        } finally {
            lock.unlock();
        }
        effects.discard();
    }

    /** Store writer, before each batch: waits while the batches held for a sync hold the most operations allowed. */
    void awaitRoom() {
        if (sync == null) {
            return;
        }
        lock.lock();
        try {
            while (heldOperations >= maxHeldOperations && !failed) {
                room.await();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closing: the writer finishes what it has
        } finally {
            lock.unlock();
        }
    }

    private void loop() {
        List<Effects> batch = new ArrayList<>();
        while (true) {
            lock.lock();
            try {
                while (held.isEmpty() && !closing) {
                    work.awaitUninterruptibly();
                }
                if (held.isEmpty()) {
                    return;
                }
                batch.addAll(held);
                held.clear();
            } finally {
                lock.unlock();
            }
            long start = System.nanoTime();
            try {
                sync.sync();
            } catch (IOException | RuntimeException e) {
                fail(batch, e);
                return;
            }
            long nanos = System.nanoTime() - start;
            syncs.incrementAndGet();
            int operations = 0;
            for (Effects effects : batch) {
                operations += effects.operations;
                try {
                    effects.dispatch();
                } catch (RuntimeException e) { // one batch's bad effect must not stop the replies of all later ones
                    LOG.error("event=store_sync_dispatch_failed", e);
                }
            }
            try {
                listener.synced(batch.size(), nanos);
            } catch (RuntimeException e) {
                LOG.warn("event=store_sync_listener_failed reason=\"{}\"", e.getMessage());
            }
            released = batch.getLast().sequence();
            batch.clear();
            lock.lock();
            try {
                heldOperations -= operations;
                room.signal();
            } finally {
                lock.unlock();
            }
        }
    }

    private void fail(List<Effects> batch, Exception cause) {
        LOG.error("event=store_sync_failed reason=\"{}\" effect=\"the store takes no more writes; replies to the last "
                + "writes are withheld: restart the server once the disk is fixed\"", cause.getMessage());
        lock.lock();
        try {
            failed = true;
            batch.addAll(held);
            held.clear();
            room.signal();
        } finally {
            lock.unlock();
        }
        batch.forEach(Effects::discard);
    }

    /** After the writer stopped: syncs and lets out what is still held, then ends the thread (within the grace). */
    public void closeWithin(long amount, TimeUnit unit) {
        if (thread == null) {
            return;
        }
        lock.lock();
        try {
            closing = true;
            work.signal();
        } finally {
            lock.unlock();
        }
        try {
            thread.join(unit.toMillis(amount));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("event=store_sync_slow_to_stop");
        }
    }

    @Override
    public void close() {
        closeWithin(30, TimeUnit.SECONDS);
    }
}
