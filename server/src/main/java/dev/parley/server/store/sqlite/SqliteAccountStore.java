package dev.parley.server.store.sqlite;

import dev.parley.server.store.AccountStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

final class SqliteAccountStore implements AccountStore {
    private final SqliteDatabase db;

    SqliteAccountStore(SqliteDatabase db) {
        this.db = db;
    }

    @Override
    public Optional<Long> create(String username, String passwordHash, long createdAtMillis) {
        try {
            PreparedStatement insert = db.statement(
                    "INSERT INTO users (username, password_hash, created_at) VALUES (?, ?, ?) ON CONFLICT (username) DO NOTHING RETURNING id");
            insert.setString(1, username);
            insert.setString(2, passwordHash);
            insert.setLong(3, createdAtMillis);
            try (ResultSet rows = insert.executeQuery()) {
                return rows.next() ? Optional.of(rows.getLong(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw SqliteDatabase.failure("creating an account", e);
        }
    }

    @Override
    public Optional<StoredAccount> find(String username) {
        try {
            PreparedStatement select = db.statement(
                    "SELECT id, username, password_hash, created_at, last_seen FROM users WHERE username = ?");
            select.setString(1, username);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(read(rows)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw SqliteDatabase.failure("reading an account", e);
        }
    }

    @Override
    public List<StoredAccount> all() {
        try {
            PreparedStatement select = db.statement(
                    "SELECT id, username, password_hash, created_at, last_seen FROM users ORDER BY id");
            List<StoredAccount> result = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    result.add(read(rows));
                }
            }
            return result;
        } catch (SQLException e) {
            throw SqliteDatabase.failure("reading accounts", e);
        }
    }

    @Override
    public void setLastSeen(long userId, long atMillis) {
        db.update("recording last seen", "UPDATE users SET last_seen = ? WHERE id = ?", atMillis, userId);
    }

    private static StoredAccount read(ResultSet rows) throws SQLException {
        return new StoredAccount(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getLong(4), rows.getLong(5));
    }
}
