package dev.parley.server.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The write-ahead log must start over from its beginning under steady writes instead of growing: a
 * background checkpoint alone never lets it (the writer keeps appending), so the writer finishes the
 * checkpoint between batches when asked, and its next commit overwrites the start of the file.
 */
class WalRestartTest {
    @TempDir
    Path dir;

    SqliteDatabase db;
    Path wal;
    long nextId = 1;

    @BeforeEach
    void open() {
        db = SqliteDatabase.open(dir.resolve("test.db"), "NORMAL");
        wal = dir.resolve("test.db-wal");
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void afterARequestedRestartTheNextBatchOverwritesTheStartOfTheLog() throws Exception {
        writeBatches(200);
        long frames = walFrames();
        writeBatches(1);
        long perBatch = walFrames() - frames;
        assertThat(perBatch).as("without a restart every batch appends").isPositive();
        long size = Files.size(wal);

        db.requestWalRestart();
        db.betweenBatches();
        writeBatches(1);

        assertThat(db.walRestarts()).isEqualTo(1);
        assertThat(walFrames()).as("the log holds only the batch after the restart, not %d frames", frames).isLessThanOrEqualTo(perBatch + 4);
        assertThat(Files.size(wal)).as("and the file did not grow").isEqualTo(size);
        assertThat(count()).isEqualTo(202 * 4);
    }

    @Test
    void theCheckpointerAsksForRestartsSoTheLogStaysSmallUnderSteadyWrites() throws Exception {
        try (Checkpointer checkpointer = Checkpointer.start(db, "NORMAL", 5, 64)) {
            for (int i = 0; i < 20_000 && db.walRestarts() < 5; i++) {
                writeBatches(1);
                db.betweenBatches();
            }
        }
        long written = nextId - 1;
        assertThat(db.walRestarts()).as("restarts after %d messages", written).isGreaterThanOrEqualTo(5);
        assertThat(count()).isEqualTo(written);
    }

    private void writeBatches(int batches) {
        byte[] body = new byte[1000];
        for (int b = 0; b < batches; b++) {
            for (int i = 0; i < 4; i++) {
                db.queue().enqueueDirect(1 + i, nextId, 9, 0, body);
                nextId++;
            }
            db.commit();
        }
    }

    /** Frames in the log now: what a zero-work checkpoint (NOOP-like: no reader or writer waits) reports. */
    private long walFrames() throws Exception {
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("test.db"));
             Statement statement = other.createStatement()) {
            statement.execute("PRAGMA busy_timeout=1000");
            try (ResultSet result = statement.executeQuery("PRAGMA wal_checkpoint(NOOP)")) {
                assertThat(result.next()).isTrue();
                return result.getLong(2);
            }
        }
    }

    private long count() throws Exception {
        try (ResultSet rows = db.statement("SELECT count(*) FROM queue").executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
