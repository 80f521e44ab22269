package dev.parley.server.store.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the write-ahead log into the database file from its own thread and connection (PASSIVE: it
 * never waits for or blocks the writer), so commits stay short. Runs every interval until closed.
 */
public final class Checkpointer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Checkpointer.class);

    private final Connection connection;
    private final Thread thread;
    private final long intervalMillis;
    private volatile boolean running = true;

    private Checkpointer(Connection connection, long intervalMillis) {
        this.connection = connection;
        this.intervalMillis = intervalMillis;
        this.thread = Thread.ofPlatform().name("parley-checkpoint").daemon().unstarted(this::loop);
    }

    public static Checkpointer start(Path file, String synchronous, long intervalMillis) {
        try {
            Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA synchronous=" + synchronous);
                statement.execute("PRAGMA busy_timeout=1000");
            }
            Checkpointer checkpointer = new Checkpointer(connection, intervalMillis);
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
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA wal_checkpoint(PASSIVE)");
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
