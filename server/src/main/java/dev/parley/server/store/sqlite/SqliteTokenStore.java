package dev.parley.server.store.sqlite;

import dev.parley.server.store.TokenStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

final class SqliteTokenStore implements TokenStore {
    private final SqliteDatabase db;

    SqliteTokenStore(SqliteDatabase db) {
        this.db = db;
    }

    @Override
    public void add(byte[] tokenHash, long userId, long nowMillis) {
        try {
            PreparedStatement insert = db.statement(
                    "INSERT INTO sessions (token_hash, user_id, created_at, last_used) VALUES (?, ?, ?, ?)");
            insert.setBytes(1, tokenHash);
            insert.setLong(2, userId);
            insert.setLong(3, nowMillis);
            insert.setLong(4, nowMillis);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw SqliteDatabase.failure("storing a session", e);
        }
    }

    @Override
    public Optional<StoredSession> find(byte[] tokenHash) {
        try {
            PreparedStatement select = db.statement("SELECT user_id, created_at, last_used FROM sessions WHERE token_hash = ?");
            select.setBytes(1, tokenHash);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(new StoredSession(rows.getLong(1), rows.getLong(2), rows.getLong(3))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw SqliteDatabase.failure("reading a session", e);
        }
    }

    @Override
    public void touch(byte[] tokenHash, long nowMillis) {
        try {
            PreparedStatement update = db.statement("UPDATE sessions SET last_used = ? WHERE token_hash = ?");
            update.setLong(1, nowMillis);
            update.setBytes(2, tokenHash);
            update.executeUpdate();
        } catch (SQLException e) {
            throw SqliteDatabase.failure("refreshing a session", e);
        }
    }

    @Override
    public void remove(byte[] tokenHash) {
        try {
            PreparedStatement delete = db.statement("DELETE FROM sessions WHERE token_hash = ?");
            delete.setBytes(1, tokenHash);
            delete.executeUpdate();
        } catch (SQLException e) {
            throw SqliteDatabase.failure("removing a session", e);
        }
    }

    @Override
    public void keepNewest(long userId, int keep) {
        db.update("pruning sessions", """
                DELETE FROM sessions WHERE user_id = ?1 AND token_hash NOT IN
                  (SELECT token_hash FROM sessions WHERE user_id = ?1 ORDER BY created_at DESC LIMIT ?2)""",
                userId, keep);
    }
}
