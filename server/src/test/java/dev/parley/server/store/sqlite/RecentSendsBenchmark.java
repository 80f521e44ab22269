package dev.parley.server.store.sqlite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The store writer's look-up of a send's idempotency record, as W1 meets it: 1,000 senders, each with its share of a
 * nearly full {@code sent_recent} ({@code SWEEP_AT} / 1,000 records in memory) and its highest id in {@code sent}
 * known. {@code newSend} asks for an id above all of the sender's (every new message); {@code repeatedSend} for a
 * remembered one (a retry).
 * Neither touches the database once set up. Run with {@code ./parley jmh server RecentSendsBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RecentSendsBenchmark {
    private static final int SENDERS = 1_000;
    private static final int REMEMBERED = RecentSends.SWEEP_AT / SENDERS;
    private static final int ORDER = 1 << 12;

    private Path dir;
    private SqliteDatabase db;
    private RecentSends recent;
    private final long[] senders = new long[ORDER];
    private final long[] remembered = new long[ORDER];
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws IOException, SQLException {
        dir = Files.createTempDirectory("parley-recent-sends-bench");
        db = SqliteDatabase.open(dir.resolve("bench.db"), "OFF");
        recent = new RecentSends(db, Integer.MAX_VALUE); // no sweep: the records stay in memory, as between sweeps
        long messageId = 1;
        for (int round = 0; round < REMEMBERED; round++) {
            for (long sender = 1; sender <= SENDERS; sender++) {
                recent.add(sender * 7_919, 1_000 + round, messageId++); // sender ids spread like account ids
            }
        }
        db.commit();
        Random random = new Random(42);
        for (int i = 0; i < ORDER; i++) {
            senders[i] = (1 + random.nextInt(SENDERS)) * 7_919L;
            remembered[i] = 1_000 + random.nextInt(REMEMBERED);
            recent.find(senders[i], Long.MAX_VALUE); // learns each sender's (empty) ceiling in sent, as a server does
        }
    }

    @Benchmark
    public OptionalLong newSend() throws SQLException {
        int i = next++ & (ORDER - 1);
        return recent.find(senders[i], 1_000_000L + i);
    }

    @Benchmark
    public OptionalLong repeatedSend() throws SQLException {
        int i = next++ & (ORDER - 1);
        return recent.find(senders[i], remembered[i]);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        db.close();
        BenchmarkFolder.delete(dir);
    }
}
