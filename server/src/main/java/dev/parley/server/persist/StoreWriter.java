package dev.parley.server.persist;

import dev.parley.server.state.Connection;
import dev.parley.server.state.Directory;
import dev.parley.server.store.StoreException;
import dev.parley.server.store.Stores;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only thread that touches the database. Requests queue {@link StoreOp}s; the writer takes
 * everything waiting (up to the batch size), runs it in ONE transaction, commits once (group commit),
 * and only then lets the operations reply. While a commit is under way new operations pile up and form
 * the next batch, so the batch grows with the load.
 *
 * <p>Replies wait until their batch is durable: either the commit syncs (one fsync for the whole batch),
 * or the commit only writes the log and {@link Durability} syncs it on a thread of its own, holding the
 * replies until then while the writer goes on with the next batch.
 *
 * <p>Pushes to recipients go out just before the commit ({@link StoreOp#beforeCommit}), so a delivery
 * does not wait for its own batch's commit, only its sender's Accepted does: a message is acknowledged to
 * its sender only once it is durable, but may reach its recipient earlier. If the server dies before
 * that, the sender, never acknowledged, sends it again and it is stored under a new id; the recipient
 * recognises the copy by its bytes (the client keeps a digest of each message it stored) and drops it.
 * Pushes wait for the commit (and its sync) in a batch that records a new message-id reservation, and in
 * every batch until that reservation is durable: an id that reached a recipient is always covered by a
 * durable reservation, so no restart hands it out again.
 */
public final class StoreWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StoreWriter.class);
    /** Message ids recorded as used ahead of need, so the counter is written once per this many ids, not per batch. */
    static final long ID_RESERVATION = 10_000;
    private static final StoreOp STOP = new StoreOp() {
        @Override
        protected void execute(WriteContext context) {
        }

        @Override
        protected void committed(WriteContext context, Effects effects) {
        }

        @Override
        protected void failed(Effects effects, RuntimeException cause) {
        }
    };

    private final Stores stores;
    private final Directory directory;
    private final Clock clock;
    private final int batchSize;
    private final long commitIntervalNanos;
    private final int maxPending;
    private final Durability durability;
    private final LinkedBlockingQueue<StoreOp> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final Context context = new Context();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong operations = new AtomicLong();
    private final AtomicLong commitNanos = new AtomicLong();
    private volatile boolean accepting = true;
    private volatile BatchListener listener = (ops, nanos) -> { };
    private long nextMessageId;
    private long reservedThrough;
    /** The batch that recorded the reservation in force: until it is durable, pushes wait for their own commit. */
    private long reservedIn;
    private long lastBatchStart;
    /** The effects of the batch being executed. */
    private Effects current;

    /** Told the size and duration of each committed batch (metrics). Called on the writer thread. */
    public interface BatchListener {
        void batch(int operations, long nanos);
    }

    public StoreWriter(Stores stores, Directory directory, Clock clock, int batchSize, int maxPending, long firstMessageId) {
        this(stores, directory, clock, batchSize, Duration.ZERO, maxPending, firstMessageId);
    }

    /**
     * @param commitInterval the shortest time from the start of one batch to the start of the next: work that arrives
     *                       sooner waits that long, without waking the writer, and joins one batch (zero: at once)
     */
    public StoreWriter(Stores stores, Directory directory, Clock clock, int batchSize, Duration commitInterval, int maxPending,
                       long firstMessageId) {
        this(stores, directory, clock, batchSize, commitInterval, maxPending, firstMessageId, Durability.immediate());
    }

    /** @param durability when a committed batch's replies may go out (the writer closes it after its last batch) */
    public StoreWriter(Stores stores, Directory directory, Clock clock, int batchSize, Duration commitInterval,
                       int maxPending, long firstMessageId, Durability durability) {
        this.stores = stores;
        this.durability = durability;
        this.directory = directory;
        this.clock = clock;
        this.batchSize = batchSize;
        this.commitIntervalNanos = commitInterval.toNanos();
        this.lastBatchStart = System.nanoTime() - commitIntervalNanos; // the first batch never waits
        this.maxPending = maxPending;
        this.nextMessageId = firstMessageId;
        this.reservedThrough = firstMessageId - 1;
        this.thread = Thread.ofPlatform().name("parley-store-writer").unstarted(this::loop);
    }

    public StoreWriter start() {
        thread.start();
        return this;
    }

    public void listener(BatchListener listener) {
        this.listener = listener;
    }

    /** Queues the operation; false when the server is closing or too much is already waiting. */
    public boolean submit(StoreOp op) {
        return submit(op, maxPending);
    }

    /**
     * Queues an operation that frees stored work (an Ack): refused only at twice the bound, so a backlog that refuses
     * new sends still takes the acknowledgements that keep the queue table small. Refusing them left their rows queued
     * until the next sign-in, and every later commit dearer: a backlog then fed itself (docs/benchmarks.md, thirteenth
     * session). Still bounded, so a flood of Acks cannot exhaust memory either.
     */
    public boolean submitRelief(StoreOp op) {
        return submit(op, (int) Math.min(Integer.MAX_VALUE, 2L * maxPending));
    }

    private boolean submit(StoreOp op, int bound) {
        if (!accepting || queue.size() >= bound) {
            return false;
        }
        queue.add(op);
        return true;
    }

    public int pending() {
        return queue.size();
    }

    public long batches() {
        return batches.get();
    }

    public long operations() {
        return operations.get();
    }

    public long commitNanos() {
        return commitNanos.get();
    }

    private void loop() {
        List<StoreOp> batch = new ArrayList<>(batchSize);
        boolean stopping = false;
        while (!stopping || !queue.isEmpty()) {
            try {
                StoreOp first = queue.take();
                batch.add(first);
                gather();
                queue.drainTo(batch, batchSize - 1);
            } catch (InterruptedException e) {
                stopping = true;
                queue.drainTo(batch, batchSize);
            }
            if (batch.remove(STOP)) {
                stopping = true;
            }
            if (!batch.isEmpty()) {
                run(batch);
            }
            batch.clear();
            if (stopping && queue.isEmpty()) {
                break;
            }
        }
    }

    /**
     * With a commit interval: if the last batch started less than the interval ago, sleeps out the rest of it so that
     * what arrives meanwhile joins this batch — one commit (one fsync) and one hand-over to each event loop instead of
     * one per arrival, and the writer is not woken by each submit while it sleeps (nobody waits on the queue). Under
     * load commits take longer than the interval and nobody waits; an operation waits at most the interval. A park can
     * return early (spuriously, or on a permit the queue's own wake-ups left behind), so it parks again until the
     * interval is over; only an interrupt (close) ends the sleep early, and take() then sees it.
     */
    private void gather() {
        if (commitIntervalNanos <= 0) {
            return;
        }
        long until = lastBatchStart + commitIntervalNanos;
        long wait;
        while (queue.size() < batchSize - 1 && (wait = until - System.nanoTime()) > 0
                && !Thread.currentThread().isInterrupted()) {
            LockSupport.parkNanos(this, wait);
        }
    }

    private void run(List<StoreOp> batch) {
        durability.awaitRoom();
        if (durability.failed()) {
            refuse(batch);
            return;
        }
        long start = System.nanoTime();
        lastBatchStart = start;
        Effects effects = durability.next();
        current = effects;
        try {
            for (StoreOp op : batch) {
                op.execute(context);
            }
            if (nextMessageId - 1 > reservedThrough) {
                reservedThrough = nextMessageId - 1 + ID_RESERVATION;
                reservedIn = effects.sequence();
                stores.queue().setHighWaterMark(reservedThrough);
            } else if (durability.durable(reservedIn)) {
                pushAhead(batch, durability.ahead());
            }
            stores.commit();
        } catch (RuntimeException e) {
            LOG.warn("event=store_batch_failed operations={} reason=\"{}\"", batch.size(), e.getMessage());
            recover();
            failAll(batch, effects, e);
            durability.release(effects, batch.size());
            return;
        }
        long nanos = System.nanoTime() - start;
        for (StoreOp op : batch) {
            try {
                op.committed(context, effects);
            } catch (RuntimeException e) {
                LOG.error("event=store_commit_handler_failed op={}", op.getClass().getSimpleName(), e);
            }
        }
        durability.release(effects, batch.size());
        batches.incrementAndGet();
        operations.addAndGet(batch.size());
        commitNanos.addAndGet(nanos);
        listener.batch(batch.size(), nanos);
        try {
            stores.betweenBatches();
        } catch (RuntimeException e) {
            LOG.warn("event=store_housekeeping_failed reason=\"{}\"", e.getMessage());
        }
    }

    /** Every id this batch handed out is covered by a durable reservation: its pushes need not wait for the commit. */
    private static void pushAhead(List<StoreOp> batch, Effects ahead) {
        for (StoreOp op : batch) {
            try {
                op.beforeCommit(ahead);
            } catch (RuntimeException e) {
                LOG.error("event=store_push_ahead_failed op={}", op.getClass().getSimpleName(), e);
            }
        }
        ahead.dispatch();
    }

    /** A sync failed ({@link Durability}): nothing more is written, and these operations are told so at once. */
    private void refuse(List<StoreOp> batch) {
        accepting = false;
        Effects effects = new Effects();
        failAll(batch, effects, new StoreException("the store could not make writes durable", null));
        effects.dispatch();
    }

    /** Runs every operation's failure step; one that throws does not keep the others from theirs. */
    private static void failAll(List<StoreOp> batch, Effects effects, RuntimeException cause) {
        for (StoreOp op : batch) {
            try {
                op.failed(effects, cause);
            } catch (RuntimeException again) {
                LOG.error("event=store_failure_handler_failed", again);
            }
        }
    }

    private void recover() {
        reservedThrough = nextMessageId - 1; // the reservation may have been rolled back: the next batch makes it again
        try {
            stores.rollback();
        } catch (RuntimeException e) {
            LOG.warn("event=store_rollback_failed reason=\"{}\"", e.getMessage());
        }
        try {
            directory.loadCounters(stores);
            stores.commit();
        } catch (RuntimeException e) {
            LOG.warn("event=store_reload_failed reason=\"{}\"", e.getMessage());
        }
    }

    /** Stops taking work, finishes everything queued, and waits for the thread (up to the grace period). */
    @Override
    public void close() {
        closeWithin(30, TimeUnit.SECONDS);
    }

    public void closeWithin(long amount, TimeUnit unit) {
        accepting = false;
        queue.add(STOP);
        try {
            thread.join(unit.toMillis(amount));
            if (thread.isAlive()) {
                LOG.warn("event=store_writer_slow_to_stop pending={}", queue.size());
                thread.interrupt();
                thread.join(unit.toMillis(amount));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        durability.closeWithin(amount, unit);
    }

    public Durability durability() {
        return durability;
    }

    public boolean isWriterThread() {
        return Thread.currentThread() == thread;
    }

    private final class Context implements WriteContext {
        @Override
        public Stores stores() {
            return stores;
        }

        @Override
        public Directory directory() {
            return directory;
        }

        @Override
        public long nowMillis() {
            return clock.millis();
        }

        @Override
        public long nextMessageId() {
            return nextMessageId++;
        }

        @Override
        public void submit(StoreOp op) {
            queue.add(op);
        }

        @Override
        public void holdPushes(Connection connection) {
            current.owe(connection);
        }
    }
}
