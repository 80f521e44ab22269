package dev.parley.server.persist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.server.state.Connection;
import dev.parley.server.state.Directory;
import dev.parley.server.store.sqlite.LogSync;
import dev.parley.server.store.sqlite.SqliteDatabase;
import io.netty.channel.Channel;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.local.LocalChannel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replies held until a sync of the log that began after their commit, while the writer goes on. */
class DurabilityTest {
    @TempDir
    Path dir;

    final DefaultEventLoopGroup loops = new DefaultEventLoopGroup(2);
    final List<String> events = new CopyOnWriteArrayList<>();
    final GatedSync sync = new GatedSync();
    SqliteDatabase db;
    StoreWriter writer;
    Connection alice;
    Connection bob;

    @BeforeEach
    void start() throws Exception {
        db = SqliteDatabase.open(dir.resolve("d.db"), "NORMAL");
        writer = new StoreWriter(db, new Directory(), Clock.systemUTC(), 500, Duration.ZERO, 10_000, 1,
                Durability.afterSync(sync, 3)).start(); // at most three operations wait for a sync
        alice = connection();
        bob = connection();
    }

    @AfterEach
    void stop() throws Exception {
        sync.open.countDown();
        writer.close();
        db.close();
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    private Connection connection() throws InterruptedException {
        Channel channel = new LocalChannel();
        loops.register(channel).sync();
        return new Connection(channel, "local", System.nanoTime());
    }

    /** A sync that waits until opened, or fails. */
    static final class GatedSync implements Durability.Sync {
        final CountDownLatch entered = new CountDownLatch(1);
        volatile CountDownLatch open = new CountDownLatch(1);
        volatile boolean fail;

        @Override
        public void sync() throws IOException {
            entered.countDown();
            try {
                open.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (fail) {
                throw new IOException("Input/output error");
            }
        }
    }

    /** An operation with what it does ahead of its commit and after it. */
    static final class Step extends StoreOp {
        final BiConsumer<Step, Effects> ahead;
        final BiConsumer<Step, Effects> after;
        final CountDownLatch committed = new CountDownLatch(1);
        volatile String failure;
        boolean pushedAhead;

        Step(BiConsumer<Step, Effects> ahead, BiConsumer<Step, Effects> after) {
            this.ahead = ahead;
            this.after = after;
        }

        @Override
        protected void execute(WriteContext context) {
            context.nextMessageId();
        }

        @Override
        protected void beforeCommit(Effects effects) {
            ahead.accept(this, effects);
        }

        @Override
        protected void committed(WriteContext context, Effects effects) {
            after.accept(this, effects);
            committed.countDown();
        }

        @Override
        protected void failed(Effects effects, RuntimeException cause) {
            failure = cause.getMessage();
            committed.countDown();
        }
    }

    private Step reply(Connection to, String what) {
        return new Step((step, effects) -> { }, (step, effects) -> effects.run(to, () -> events.add(what)));
    }

    /** Pushes ahead of the commit if it may, else after it: what SendOp and DrainOp do. */
    private Step push(Connection to, String what) {
        return new Step((step, effects) -> {
            if (effects.ready(to)) {
                effects.run(to, () -> events.add(what + " ahead"));
                step.pushedAhead = true;
            }
        }, (step, effects) -> {
            if (!step.pushedAhead) {
                effects.run(to, () -> events.add(what + " after"));
            }
        });
    }

    /** Submits the operation and waits until the writer has committed it (its effects may still be held). */
    private Step committed(Step step) throws InterruptedException {
        writer.submit(step);
        assertThat(step.committed.await(10, TimeUnit.SECONDS)).as("committed while the sync may be held").isTrue();
        return step;
    }

    /** The first batch records the id reservation and never pushes ahead; these tests start after it. */
    private void reservationMade() throws InterruptedException {
        Step first = reply(bob, "reserved");
        sync.open.countDown();
        writer.submit(first);
        await().atMost(Duration.ofSeconds(10)).until(() -> events.contains("reserved"));
        sync.open = new CountDownLatch(1);
        events.clear();
    }

    @Test
    void repliesWaitForTheSyncWhileTheWriterGoesOnWithTheNextBatches() throws Exception {
        reservationMade();
        committed(reply(alice, "accepted 1"));
        committed(reply(alice, "accepted 2"));
        Thread.sleep(200);
        assertThat(events).as("nothing goes out before its batch is durable").isEmpty();

        sync.open.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> events.size() == 2);
        assertThat(events).containsExactly("accepted 1", "accepted 2");
        assertThat(writer.durability().syncs()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aPushAheadOfACommitWaitsBehindWhatIsHeldForItsConnectionOnly() throws Exception {
        reservationMade();
        committed(reply(alice, "signed in"));

        Step toAlice = push(alice, "deliver to alice");
        Step toBob = push(bob, "deliver to bob");
        writer.submit(toAlice);
        writer.submit(toBob);
        assertThat(toBob.committed.await(10, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> events.contains("deliver to bob ahead"));
        assertThat(events).as("bob is owed nothing held; alice's SignedIn still waits for the sync")
                .containsExactly("deliver to bob ahead");

        sync.open.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> events.size() == 3);
        assertThat(events).containsExactly("deliver to bob ahead", "signed in", "deliver to alice after");
        await().atMost(Duration.ofSeconds(10)).until(() -> writer.durability().settled(alice));

        Step later = push(alice, "later to alice");
        writer.submit(later);
        await().atMost(Duration.ofSeconds(10)).until(() -> events.size() == 4);
        assertThat(events.getLast()).as("once everything held for alice went out, pushes go ahead again")
                .isEqualTo("later to alice ahead");
    }

    @Test
    void untilTheBatchThatReservedMessageIdsIsDurableNoPushGoesAhead() throws Exception {
        committed(reply(alice, "reserved"));
        committed(push(bob, "deliver to bob"));
        Thread.sleep(200);
        assertThat(events).as("bob is owed nothing, but the reservation covering the id is not on disk yet").isEmpty();

        sync.open.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> events.size() == 2);
        assertThat(events).containsExactlyInAnyOrder("reserved", "deliver to bob after");
    }

    @Test
    void whileTheMostOperationsAllowedWaitForASyncTheWriterWaitsToo() throws Exception {
        reservationMade();
        committed(reply(alice, "1"));
        committed(reply(alice, "2"));
        committed(reply(alice, "3"));
        Step fourth = reply(alice, "4");
        writer.submit(fourth);
        assertThat(fourth.committed.await(300, TimeUnit.MILLISECONDS)).as("three operations wait for the sync")
                .isFalse();

        sync.open.countDown();
        assertThat(fourth.committed.await(10, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> events.size() == 4);
        assertThat(events).containsExactly("1", "2", "3", "4");
    }

    @Test
    void aFailedSyncWithholdsTheRepliesAndTheStoreTakesNoMoreWrites() throws Exception {
        reservationMade();
        sync.fail = true;
        committed(reply(alice, "accepted"));
        sync.open.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> writer.durability().failed());

        Step next = committed(reply(bob, "never"));
        assertThat(next.failure).isEqualTo("the store could not make writes durable");
        assertThat(writer.submit(reply(bob, "refused"))).isFalse();
        Thread.sleep(200);
        assertThat(events).as("a reply whose batch may not be on disk is never sent").isEmpty();
    }

    @Test
    void theLogSyncSyncsTheDatabasesWriteAheadLog() throws Exception {
        Path file = dir.resolve("l.db");
        SqliteDatabase other = SqliteDatabase.open(file, "NORMAL");
        try (LogSync log = new LogSync(file)) {
            other.queue().setHighWaterMark(42);
            other.commit();
            assertThat(log.log()).isEqualTo(dir.resolve("l.db-wal"));
            assertThat(Files.size(log.log())).as("the commit is in the log").isPositive();
            log.sync();
            log.sync();
        } finally {
            other.close();
        }
    }
}
