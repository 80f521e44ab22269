package dev.parley.server.store.sqlite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * What SQLite's own connection mutex costs the store writer: a W1 message's two queue statements (the insert of a
 * direct message, the delete of its row when acknowledged) on the server's schema, through a connection opened in
 * SQLite's default serialized mode ({@code serialized}) or, as {@link SqliteDatabase} opens it now, in multi-thread
 * mode ({@code nomutex}). A commit every 32 messages, {@code synchronous=OFF} so the disk does not drown the difference.
 * Run with {@code ./parley jmh server SqliteMutexBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SqliteMutexBenchmark {
    @Param({"serialized", "nomutex"})
    public String mode;

    private Path dir;
    private Connection connection;
    private PreparedStatement insert;
    private PreparedStatement delete;
    private final byte[] body = new byte[100];
    private long messageId;

    @Setup(Level.Trial)
    public void setUp() throws IOException, SQLException {
        dir = Files.createTempDirectory("parley-mutex-bench");
        Path file = dir.resolve("bench.db");
        SqliteDatabase.open(file, "OFF").close(); // the server's schema
        SQLiteConfig config = new SQLiteConfig();
        if (mode.equals("nomutex")) {
            config.setOpenMode(SQLiteOpenMode.NOMUTEX);
        }
        Properties properties = config.toProperties();
        properties.setProperty("jdbc.get_generated_keys", "false");
        connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), properties);
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA journal_mode=WAL");
            statement.execute("PRAGMA synchronous=OFF");
        }
        connection.setAutoCommit(false);
        insert = connection.prepareStatement(
                "INSERT INTO queue (recipient_id, message_id, sender_id, group_id, sent_at, body) VALUES (?, ?, ?, 0, ?, ?)");
        delete = connection.prepareStatement("DELETE FROM queue WHERE recipient_id = ? AND message_id = ?");
    }

    @Benchmark
    public int sendAndAck() throws SQLException {
        long id = ++messageId;
        long recipient = 1 + id % 1_000;
        insert.setLong(1, recipient);
        insert.setLong(2, id);
        insert.setLong(3, 1_001 + id % 1_000);
        insert.setLong(4, id);
        insert.setBytes(5, body);
        int changed = insert.executeUpdate();
        delete.setLong(1, recipient);
        delete.setLong(2, id);
        changed += delete.executeUpdate();
        if ((id & 31) == 0) {
            connection.commit();
        }
        return changed;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException, SQLException {
        connection.commit();
        connection.close();
        BenchmarkFolder.delete(dir);
    }
}
