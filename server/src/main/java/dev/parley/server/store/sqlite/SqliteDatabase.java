package dev.parley.server.store.sqlite;

import dev.parley.server.store.AccountStore;
import dev.parley.server.store.GroupStore;
import dev.parley.server.store.KeyStore;
import dev.parley.server.store.QueueStore;
import dev.parley.server.store.StoreException;
import dev.parley.server.store.Stores;
import dev.parley.server.store.TokenStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * One SQLite connection in WAL mode with the chosen synchronous level (FULL by default: a commit is
 * on disk when it returns). Used by a single thread; statements are prepared once and reused.
 * Automatic checkpoints are off here: {@link Checkpointer} runs them on its own connection so a
 * commit never pays for one. Once the checkpointer has copied most of a large log into the database,
 * it asks for a restart: between two batches the writer then checkpoints the small remainder itself
 * (no other writer can append meanwhile, so it completes), and its next commit writes the log from
 * its beginning again. Without that the log never restarts under steady load (a background
 * checkpoint never catches up with a writer that keeps appending) and every commit appends to new
 * file space, which the file system has to allocate and zero. The log file is never truncated.
 */
public final class SqliteDatabase implements Stores {
    private final Path file;
    private final Connection connection;
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    private final SqliteAccountStore accounts = new SqliteAccountStore(this);
    private final SqliteTokenStore tokens = new SqliteTokenStore(this);
    private final SqliteKeyStore keys = new SqliteKeyStore(this);
    private final SqliteQueueStore queue = new SqliteQueueStore(this);
    private final SqliteGroupStore groups = new SqliteGroupStore(this);
    private volatile boolean walRestartWanted;
    private long walRestarts;

    private SqliteDatabase(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    /** Opens (creating if needed) the database, applies pending migrations and leaves a transaction open. */
    public static SqliteDatabase open(Path file, String synchronous) {
        try {
            SQLiteConfig config = new SQLiteConfig();
            // Multi-thread mode for this connection: sqlite-jdbc already serialises every call on a connection (its
            // native methods are synchronized), so SQLite's own connection mutex, taken again on every bind, step and
            // reset, was pure overhead (0.76 % of the server in a W1 profile).
            config.setOpenMode(SQLiteOpenMode.NOMUTEX);
            Properties properties = config.toProperties();
            properties.setProperty("jdbc.get_generated_keys", "false"); // no extra last_insert_rowid() query after each INSERT
            Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), properties);
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA journal_mode=WAL");
                statement.execute("PRAGMA synchronous=" + synchronous);
                statement.execute("PRAGMA wal_autocheckpoint=0");
                statement.execute("PRAGMA busy_timeout=10000");
                statement.execute("PRAGMA cache_size=-32768");
                statement.execute("PRAGMA temp_store=MEMORY");
                statement.execute("PRAGMA foreign_keys=OFF");
            }
            Migrations.apply(connection);
            connection.setAutoCommit(false);
            return new SqliteDatabase(file, connection);
        } catch (SQLException e) {
            throw new StoreException("cannot open the database " + file + ": " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    PreparedStatement statement(String sql) throws SQLException {
        PreparedStatement statement = statements.get(sql);
        if (statement == null) {
            statement = connection.prepareStatement(sql);
            statements.put(sql, statement);
        }
        return statement;
    }

    /** The single count a {@code SELECT count(*) … WHERE … = ?} query answers for {@code id}. */
    int count(String what, String sql, long id) {
        try {
            PreparedStatement select = statement(sql);
            select.setLong(1, id);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    /**
     * Runs one {@code INSERT}, {@code UPDATE} or {@code DELETE} whose parameters are all whole numbers, bound in order;
     * returns the rows it changed. {@code what} names the step in the failure's sentence.
     */
    int update(String what, String sql, long... values) {
        try {
            PreparedStatement statement = statement(sql);
            for (int i = 0; i < values.length; i++) {
                statement.setLong(i + 1, values[i]);
            }
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    @Override
    public AccountStore accounts() {
        return accounts;
    }

    @Override
    public TokenStore tokens() {
        return tokens;
    }

    @Override
    public KeyStore keys() {
        return keys;
    }

    @Override
    public QueueStore queue() {
        return queue;
    }

    @Override
    public GroupStore groups() {
        return groups;
    }

    @Override
    public void commit() {
        try {
            connection.commit();
        } catch (SQLException e) {
            throw new StoreException("commit failed: " + e.getMessage(), e);
        }
        queue.committed();
    }

    /** Any thread (the checkpointer): the log is large and mostly copied; restart it between the next two batches. */
    public void requestWalRestart() {
        walRestartWanted = true;
    }

    /** How many times the writer has let the log start over (for tests and metrics). */
    public long walRestarts() {
        return walRestarts;
    }

    @Override
    public void betweenBatches() {
        if (!walRestartWanted) {
            return;
        }
        walRestartWanted = false;
        try {
            connection.setAutoCommit(true);
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA wal_checkpoint(PASSIVE)");
            } finally {
                connection.setAutoCommit(false);
            }
            walRestarts++;
        } catch (SQLException e) {
            throw failure("checkpointing the write-ahead log", e);
        }
    }

    /**
     * Undoes the open transaction and opens the next one. After some failures (a full disk or an I/O
     * error during COMMIT) SQLite has already rolled back by itself; the driver's rollback then fails
     * and, left alone, would open no new transaction, so every later statement would commit on its
     * own — a failed batch half written. Here the next transaction is opened again in that case, so
     * batches stay all-or-nothing.
     */
    @Override
    public void rollback() {
        try {
            connection.rollback();
        } catch (SQLException e) {
            if (!reopenTransaction()) {
                throw new StoreException("rollback failed: " + e.getMessage(), e);
            }
        } finally {
            queue.rolledBack();
        }
    }

    /** True when no transaction was open and a new one now is; false when one is still open (the rollback truly failed). */
    private boolean reopenTransaction() {
        try (Statement statement = connection.createStatement()) {
            statement.execute("BEGIN");
            return true;
        } catch (SQLException stillInOne) {
            return false;
        }
    }

    @Override
    public void close() {
        try {
            for (PreparedStatement statement : statements.values()) {
                statement.close();
            }
            statements.clear();
            connection.commit();
            connection.setAutoCommit(true);
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            }
            connection.close();
        } catch (SQLException e) {
            throw new StoreException("closing the database failed: " + e.getMessage(), e);
        }
    }

    static StoreException failure(String what, SQLException e) {
        return new StoreException(what + " failed: " + e.getMessage(), e);
    }
}
