package dev.parley.client.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One account's SQLite file ({@code <data>/<username>/client.db}) in WAL mode with full sync, so
 * that whatever the client acknowledged to the server survives a crash. One JDBC connection, used
 * under this object's lock; {@link #inTransaction} nests, so a ratchet step and the ciphertext it
 * produced commit together or not at all.
 */
public final class ClientDatabase implements AutoCloseable {

    private final Path file;
    private final Connection connection;
    private int transactionDepth;

    private ClientDatabase(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    public static ClientDatabase open(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA journal_mode=WAL");
                statement.execute("PRAGMA synchronous=FULL");
                statement.execute("PRAGMA foreign_keys=ON");
                statement.execute("PRAGMA busy_timeout=5000");
            }
            ClientDatabase database = new ClientDatabase(file, connection);
            Schema.migrate(database);
            return database;
        } catch (SQLException | java.io.IOException e) {
            throw new StoreException("cannot open the client store " + file, e);
        }
    }

    public Path file() {
        return file;
    }

    /** Work that touches the database and may throw a checked exception of its own. */
    @FunctionalInterface
    public interface Work<T, E extends Exception> {
        T run() throws E;
    }

    /** Runs work in one transaction (joining an outer one if present); rolls back on any exception. */
    public synchronized <T, E extends Exception> T inTransaction(Work<T, E> work) throws E {
        boolean outer = transactionDepth == 0;
        try {
            if (outer) {
                connection.setAutoCommit(false);
            }
            transactionDepth++;
            T result;
            try {
                result = work.run();
            } finally {
                transactionDepth--;
            }
            if (outer) {
                connection.commit();
            }
            return result;
        } catch (SQLException e) {
            rollbackQuietly(outer);
            throw new StoreException("the client store failed", e);
        } catch (RuntimeException | Error e) {
            rollbackQuietly(outer);
            throw e;
        } catch (Exception e) {
            rollbackQuietly(outer);
            throw e;
        } finally {
            if (outer) {
                try {
                    connection.setAutoCommit(true);
                } catch (SQLException ignored) {
                    // the connection is unusable; the next statement reports it
                }
            }
        }
    }

    private void rollbackQuietly(boolean outer) {
        if (outer) {
            try {
                connection.rollback();
            } catch (SQLException ignored) {
                // nothing more to do; the original failure is reported
            }
        }
    }

    /** Maps one row of a result set. */
    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    public synchronized int update(String sql, Object... args) {
        try (PreparedStatement statement = prepare(sql, args)) {
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("the client store failed", e);
        }
    }

    /** Runs an INSERT and returns the generated row id. */
    public synchronized long insert(String sql, Object... args) {
        try (PreparedStatement statement = prepare(sql, args)) {
            statement.executeUpdate();
            try (Statement last = connection.createStatement();
                 ResultSet rs = last.executeQuery("SELECT last_insert_rowid()")) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        } catch (SQLException e) {
            throw new StoreException("the client store failed", e);
        }
    }

    public synchronized <T> List<T> query(String sql, RowMapper<T> mapper, Object... args) {
        try (PreparedStatement statement = prepare(sql, args); ResultSet rs = statement.executeQuery()) {
            List<T> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(mapper.map(rs));
            }
            return rows;
        } catch (SQLException e) {
            throw new StoreException("the client store failed", e);
        }
    }

    public <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... args) {
        List<T> rows = query(sql, mapper, args);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
    }

    synchronized void execute(String sql) {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new StoreException("the client store failed", e);
        }
    }

    private PreparedStatement prepare(String sql, Object... args) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            statement.setObject(i + 1, args[i]);
        }
        return statement;
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new StoreException("cannot close the client store " + file, e);
        }
    }
}
