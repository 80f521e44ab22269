package dev.parley.server.store.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the write-ahead log into the database file from its own thread and connection (PASSIVE: it
 * never waits for or blocks the writer), so commits stay short. Runs every interval until closed. When
 * the log has grown past {@code restartFrames} pages it asks the database's writer to let the log
 * start over (see {@link SqliteDatabase}), so the log file stays a few MB instead of growing for as
 * long as writes keep coming.
 */
public final class Checkpointer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Checkpointer.class);

    private final Connection connection;
    private final Thread thread;
    private final long intervalMillis;
    private final SqliteDatabase database;
    private final int restartFrames;
    private volatile boolean running = true;

    private Checkpointer(Connection connection, long intervalMillis, SqliteDatabase database, int restartFrames) {
        this.connection = connection;
        this.intervalMillis = intervalMillis;
        this.database = database;
        this.restartFrames = restartFrames;
        this.thread = Thread.ofPlatform().name("parley-checkpoint").daemon().unstarted(this::loop);
    }

    /** Checkpoints {@code database}'s file every interval; asks for a log restart past 1,024 pages (4 MiB). */
    public static Checkpointer start(SqliteDatabase database, String synchronous, long intervalMillis) {
        return start(database, synchronous, intervalMillis, 1024);
    }

    public static Checkpointer start(SqliteDatabase database, String synchronous, long intervalMillis, int restartFrames) {
        Path file = database.file();
        try {
            Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA synchronous=" + synchronous);
                statement.execute("PRAGMA busy_timeout=1000");
            }
            Checkpointer checkpointer = new Checkpointer(connection, intervalMillis, database, restartFrames);
            checkpointer.thread.start();
            return checkpointer;
        } catch (SQLException e) {
            throw SqliteDatabase.failure("opening the checkpoint connection", e);
        }
    }

    private void loop() {
        while (running) {
            try {
                Thread.sleep(intervalMillis);
            } catch (InterruptedException e) {
                break;
            }
            try (Statement statement = connection.createStatement();
                 ResultSet result = statement.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
                if (result.next() && result.getInt(2) >= restartFrames) {
                    database.requestWalRestart();
                }
            } catch (SQLException e) {
                if (running) {
                    LOG.warn("event=checkpoint_failed reason=\"{}\"", e.getMessage());
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException e) {
            LOG.warn("event=checkpoint_close_failed reason=\"{}\"", e.getMessage());
        }
    }
}
