package dev.parley.server.persist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.server.state.Directory;
import dev.parley.server.store.sqlite.SqliteDatabase;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Group commit: everything queued while a commit is under way forms the next batch, committed once. */
class StoreWriterTest {
    @TempDir
    Path dir;

    SqliteDatabase db;
    StoreWriter writer;
    final List<Integer> batches = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        db = SqliteDatabase.open(dir.resolve("w.db"), "FULL");
        writer = new StoreWriter(db, new Directory(), Clock.systemUTC(), 500, 10_000, 1);
        writer.listener((operations, nanos) -> batches.add(operations));
        writer.start();
    }

    @AfterEach
    void stop() {
        writer.close();
        db.close();
    }

    /** Records what happened to it; can hold the writer in execute until released. */
    static final class Probe extends StoreOp {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release;
        final CountDownLatch done = new CountDownLatch(1);
        final CountDownLatch pushedAhead = new CountDownLatch(1);
        final boolean explode;
        volatile String outcome;
        volatile long messageId;

        Probe(CountDownLatch release, boolean explode) {
            this.release = release;
            this.explode = explode;
        }

        @Override
        protected void execute(WriteContext context) {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            messageId = context.nextMessageId();
            if (explode) {
                throw new IllegalStateException("boom");
            }
        }

        @Override
        protected void beforeCommit(Effects effects) {
            pushedAhead.countDown();
        }

        @Override
        protected void committed(WriteContext context, Effects effects) {
            outcome = "committed";
            done.countDown();
        }

        @Override
        protected void failed(Effects effects, RuntimeException cause) {
            outcome = "failed: " + cause.getMessage();
            done.countDown();
        }
    }

    @Test
    void operationsQueuedDuringABatchAreCommittedTogetherInTheNext() throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        Probe first = new Probe(hold, false);
        writer.submit(first);
        assertThat(first.entered.await(10, TimeUnit.SECONDS)).isTrue();
        List<Probe> waiting = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Probe probe = new Probe(new CountDownLatch(0), false);
            waiting.add(probe);
            writer.submit(probe);
        }
        hold.countDown();
        for (Probe probe : waiting) {
            assertThat(probe.done.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(probe.outcome).isEqualTo("committed");
        }
        assertThat(batches).containsExactly(1, 100);
        assertThat(waiting).extracting(p -> p.messageId).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void aFailingOperationFailsItsBatchAndTheWriterCarriesOn() throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        Probe blocker = new Probe(hold, false);
        writer.submit(blocker);
        assertThat(blocker.entered.await(10, TimeUnit.SECONDS)).isTrue();
        Probe good = new Probe(new CountDownLatch(0), false);
        Probe bad = new Probe(new CountDownLatch(0), true);
        writer.submit(good);
        writer.submit(bad);
        hold.countDown();
        assertThat(bad.done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(bad.outcome).isEqualTo("failed: boom");
        assertThat(good.outcome).isEqualTo("failed: boom");
        Probe after = new Probe(new CountDownLatch(0), false);
        writer.submit(after);
        assertThat(after.done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(after.outcome).isEqualTo("committed");
        assertThat(after.messageId).isGreaterThan(bad.messageId);
        assertThat(db.queue().highWaterMark()).as("the rolled-back reservation was made again").isGreaterThanOrEqualTo(after.messageId);
    }

    @Test
    void messageIdsAreReservedAheadSoTheCounterIsWrittenOncePerReservationAndARestartStartsAboveIt() throws Exception {
        Probe first = new Probe(new CountDownLatch(0), false);
        writer.submit(first);
        assertThat(first.done.await(10, TimeUnit.SECONDS)).isTrue();
        long reserved = db.queue().highWaterMark();
        assertThat(reserved).isEqualTo(first.messageId + StoreWriter.ID_RESERVATION);

        Probe second = new Probe(new CountDownLatch(0), false);
        writer.submit(second);
        assertThat(second.done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(second.messageId).isEqualTo(first.messageId + 1);
        assertThat(db.queue().highWaterMark()).isEqualTo(reserved);
        assertThat(db.queue().stats().maxMessageId()).as("where a restarted server continues from").isGreaterThan(second.messageId);
    }

    /**
     * Pushes go out while the commit is on disk, but not in a batch that records a new id reservation (its ids are
     * not yet safe from reuse after a crash); a commit that fails after them still fails the operation.
     */
    @Test
    void pushesGoAheadOfTheCommitOnlyForIdsAnEarlierCommitReserved() throws Exception {
        HeldCommits held = new HeldCommits(db);
        StoreWriter gated = new StoreWriter(held, new Directory(), Clock.systemUTC(), 500, 10_000, 1_000_000);
        gated.start();
        try {
            Probe reserving = new Probe(new CountDownLatch(0), false);
            CountDownLatch release = held.holdNext();
            gated.submit(reserving);
            assertThat(held.committing.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(reserving.pushedAhead.getCount()).as("pushed before the reservation was durable").isEqualTo(1);
            release.countDown();
            assertThat(reserving.done.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(reserving.outcome).isEqualTo("committed");

            Probe covered = new Probe(new CountDownLatch(0), false);
            release = held.holdNext();
            gated.submit(covered);
            assertThat(covered.pushedAhead.await(10, TimeUnit.SECONDS)).as("pushed while the commit is held").isTrue();
            assertThat(covered.outcome).isNull();
            release.countDown();
            assertThat(covered.done.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(covered.outcome).isEqualTo("committed");

            Probe lost = new Probe(new CountDownLatch(0), false);
            held.failNext();
            gated.submit(lost);
            assertThat(lost.done.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(lost.pushedAhead.getCount()).isZero();
            assertThat(lost.outcome).isEqualTo("failed: the disk is full");

            Probe after = new Probe(new CountDownLatch(0), false);
            gated.submit(after);
            assertThat(after.done.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(after.pushedAhead.getCount()).as("the failed batch's reservation is made again first")
                    .isEqualTo(1);
            assertThat(after.messageId).isGreaterThan(lost.messageId);
        } finally {
            gated.close();
        }
    }

    /** The database, with a commit that can be held until released, or made to fail once. */
    private static final class HeldCommits implements dev.parley.server.store.Stores {
        private final SqliteDatabase db;
        final CountDownLatch committing = new CountDownLatch(1);
        private volatile CountDownLatch release = new CountDownLatch(0);
        private volatile boolean failNext;

        HeldCommits(SqliteDatabase db) {
            this.db = db;
        }

        CountDownLatch holdNext() {
            release = new CountDownLatch(1);
            return release;
        }

        void failNext() {
            failNext = true;
        }

        @Override
        public void commit() {
            committing.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (failNext) {
                failNext = false;
                throw new IllegalStateException("the disk is full");
            }
            db.commit();
        }

        @Override
        public void rollback() {
            db.rollback();
        }

        @Override
        public dev.parley.server.store.AccountStore accounts() {
            return db.accounts();
        }

        @Override
        public dev.parley.server.store.TokenStore tokens() {
            return db.tokens();
        }

        @Override
        public dev.parley.server.store.KeyStore keys() {
            return db.keys();
        }

        @Override
        public dev.parley.server.store.QueueStore queue() {
            return db.queue();
        }

        @Override
        public dev.parley.server.store.GroupStore groups() {
            return db.groups();
        }

        @Override
        public void close() {
        }
    }

    @Test
    void closingFinishesEverythingAlreadyQueuedAndRefusesNewWork() throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        Probe blocker = new Probe(hold, false);
        writer.submit(blocker);
        assertThat(blocker.entered.await(10, TimeUnit.SECONDS)).isTrue();
        Probe queued = new Probe(new CountDownLatch(0), false);
        writer.submit(queued);
        Thread closer = Thread.ofVirtual().start(writer::close);
        hold.countDown();
        closer.join(10_000);
        assertThat(queued.outcome).isEqualTo("committed");
        assertThat(writer.submit(new Probe(new CountDownLatch(0), false))).isFalse();
    }

    @Test
    void withACommitIntervalAnIdleWriterCommitsAtOnceAndWhatArrivesSoonerSharesTheNextCommit() throws Exception {
        assertThat(batchesOf(Duration.ofSeconds(3), 50, () -> { })).containsExactly(1, 50);
    }

    @Test
    void aWriterWokenBeforeTheCommitIntervalIsOverSleepsOutTheRestOfIt() throws Exception {
        List<Integer> sizes = batchesOf(Duration.ofSeconds(2), 20, () -> {
            Thread.sleep(20);
            // what a spurious wake-up, or a permit left by the queue's own signalling, does to a parked writer
            Thread.getAllStackTraces().keySet().stream()
                    .filter(thread -> thread.getName().equals("parley-store-writer"))
                    .forEach(LockSupport::unpark);
        });
        assertThat(sizes).as("the twenty operations within the interval share one commit").containsExactly(1, 20);
    }

    /** Runs after each submitted operation. */
    private interface Between {
        void run() throws Exception;
    }

    /**
     * A writer with this commit interval, idle: one operation (committed at once), then {@code count} more submitted
     * right after it, {@code between} running after each; returns the sizes of the batches that committed them.
     */
    private List<Integer> batchesOf(Duration interval, int count, Between between) throws Exception {
        List<Integer> sizes = new CopyOnWriteArrayList<>();
        StoreWriter paced = new StoreWriter(db, new Directory(), Clock.systemUTC(), 500, interval, 10_000, 1_000_000);
        paced.listener((operations, nanos) -> sizes.add(operations));
        paced.start();
        try {
            Probe first = new Probe(new CountDownLatch(0), false);
            paced.submit(first);
            // idle before: no wait (a generous half of the interval for a slow machine)
            assertThat(first.done.await(interval.toMillis() / 2, TimeUnit.MILLISECONDS)).isTrue();
            List<Probe> sooner = new java.util.ArrayList<>();
            for (int i = 0; i < count; i++) {
                Probe probe = new Probe(new CountDownLatch(0), false);
                sooner.add(probe);
                paced.submit(probe);
                between.run();
            }
            for (Probe probe : sooner) {
                assertThat(probe.done.await(10, TimeUnit.SECONDS)).isTrue();
                assertThat(probe.outcome).isEqualTo("committed");
            }
            // the listener hears of a batch after its operations' committed callbacks ran
            await().atMost(Duration.ofSeconds(10)).until(() -> sizes.size() >= 2);
            return sizes;
        } finally {
            paced.close();
        }
    }
}
