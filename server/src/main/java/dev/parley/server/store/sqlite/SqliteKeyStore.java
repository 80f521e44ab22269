package dev.parley.server.store.sqlite;

import dev.parley.server.store.KeyStore;
import dev.parley.wire.OneTimePreKey;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

final class SqliteKeyStore implements KeyStore {
    private final SqliteDatabase db;

    SqliteKeyStore(SqliteDatabase db) {
        this.db = db;
    }

    @Override
    public void putIdentity(long userId, byte[] identityKey, byte[] signedPreKey) {
        try {
            PreparedStatement insert = db.statement(
                    "INSERT OR REPLACE INTO identity_keys (user_id, identity_key, signed_prekey) VALUES (?, ?, ?)");
            insert.setLong(1, userId);
            insert.setBytes(2, identityKey);
            insert.setBytes(3, signedPreKey);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw SqliteDatabase.failure("storing keys", e);
        }
    }

    @Override
    public Optional<StoredKeys> keys(long userId) {
        try {
            PreparedStatement select = db.statement("SELECT identity_key, signed_prekey FROM identity_keys WHERE user_id = ?");
            select.setLong(1, userId);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(new StoredKeys(rows.getBytes(1), rows.getBytes(2))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw SqliteDatabase.failure("reading keys", e);
        }
    }

    @Override
    public void setSignedPreKey(long userId, byte[] signedPreKey) {
        try {
            PreparedStatement update = db.statement("UPDATE identity_keys SET signed_prekey = ? WHERE user_id = ?");
            update.setBytes(1, signedPreKey);
            update.setLong(2, userId);
            update.executeUpdate();
        } catch (SQLException e) {
            throw SqliteDatabase.failure("replacing the signed prekey", e);
        }
    }

    @Override
    public void addOneTimePreKeys(long userId, List<OneTimePreKey> keys) {
        if (keys.isEmpty()) {
            return;
        }
        try {
            PreparedStatement maxSeq = db.statement("SELECT coalesce(max(seq), 0) FROM one_time_prekeys WHERE user_id = ?");
            maxSeq.setLong(1, userId);
            long seq;
            try (ResultSet rows = maxSeq.executeQuery()) {
                rows.next();
                seq = rows.getLong(1);
            }
            PreparedStatement delete = db.statement("DELETE FROM one_time_prekeys WHERE user_id = ? AND key_id = ?");
            PreparedStatement insert = db.statement(
                    "INSERT INTO one_time_prekeys (user_id, seq, key_id, public_key) VALUES (?, ?, ?, ?)");
            for (OneTimePreKey key : keys) {
                delete.setLong(1, userId);
                delete.setInt(2, key.id());
                delete.executeUpdate();
                insert.setLong(1, userId);
                insert.setLong(2, ++seq);
                insert.setInt(3, key.id());
                insert.setBytes(4, key.publicKey());
                insert.executeUpdate();
            }
        } catch (SQLException e) {
            throw SqliteDatabase.failure("storing one-time prekeys", e);
        }
    }

    @Override
    public Optional<OneTimePreKey> takeOneTimePreKey(long userId) {
        try {
            PreparedStatement delete = db.statement("""
                    DELETE FROM one_time_prekeys WHERE user_id = ?1 AND seq =
                      (SELECT min(seq) FROM one_time_prekeys WHERE user_id = ?1)
                    RETURNING key_id, public_key""");
            delete.setLong(1, userId);
            try (ResultSet rows = delete.executeQuery()) {
                return rows.next() ? Optional.of(new OneTimePreKey(rows.getInt(1), rows.getBytes(2))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw SqliteDatabase.failure("taking a one-time prekey", e);
        }
    }

    @Override
    public int countOneTimePreKeys(long userId) {
        return db.count("counting one-time prekeys", "SELECT count(*) FROM one_time_prekeys WHERE user_id = ?", userId);
    }

    @Override
    public Map<Long, Integer> oneTimePreKeyCounts() {
        try {
            PreparedStatement count = db.statement("SELECT user_id, count(*) FROM one_time_prekeys GROUP BY user_id");
            Map<Long, Integer> result = new HashMap<>();
            try (ResultSet rows = count.executeQuery()) {
                while (rows.next()) {
                    result.put(rows.getLong(1), rows.getInt(2));
                }
            }
            return result;
        } catch (SQLException e) {
            throw SqliteDatabase.failure("counting one-time prekeys", e);
        }
    }
}
