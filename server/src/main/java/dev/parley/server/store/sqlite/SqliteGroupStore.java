package dev.parley.server.store.sqlite;

import dev.parley.server.store.GroupStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

final class SqliteGroupStore implements GroupStore {
    private final SqliteDatabase db;

    SqliteGroupStore(SqliteDatabase db) {
        this.db = db;
    }

    @Override
    public Optional<Long> create(String name, long createdAtMillis) {
        try {
            PreparedStatement insert = db.statement(
                    "INSERT INTO groups (name, created_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING RETURNING id");
            insert.setString(1, name);
            insert.setLong(2, createdAtMillis);
            try (ResultSet rows = insert.executeQuery()) {
                return rows.next() ? Optional.of(rows.getLong(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw SqliteDatabase.failure("creating a group", e);
        }
    }

    @Override
    public Optional<Long> find(String name) {
        try {
            PreparedStatement select = db.statement("SELECT id FROM groups WHERE name = ?");
            select.setString(1, name);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(rows.getLong(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw SqliteDatabase.failure("reading a group", e);
        }
    }

    @Override
    public boolean addMember(long groupId, long userId, long joinedAtMillis) {
        return db.update("adding a member",
                "INSERT INTO members (group_id, user_id, joined_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                groupId, userId, joinedAtMillis) == 1;
    }

    @Override
    public boolean removeMember(long groupId, long userId) {
        return db.update("removing a member",
                "DELETE FROM members WHERE group_id = ? AND user_id = ?", groupId, userId) == 1;
    }

    @Override
    public int memberCount(long groupId) {
        return db.count("counting", "SELECT count(*) FROM members WHERE group_id = ?", groupId);
    }

    @Override
    public int groupCount(long userId) {
        return db.count("counting", "SELECT count(*) FROM members WHERE user_id = ?", userId);
    }

    @Override
    public List<StoredGroup> all() {
        try {
            List<StoredGroup> result = new ArrayList<>();
            try (ResultSet rows = db.statement("SELECT id, name, created_at FROM groups ORDER BY id").executeQuery()) {
                while (rows.next()) {
                    result.add(new StoredGroup(rows.getLong(1), rows.getString(2), rows.getLong(3)));
                }
            }
            return result;
        } catch (SQLException e) {
            throw SqliteDatabase.failure("reading groups", e);
        }
    }

    @Override
    public List<long[]> memberships() {
        try {
            List<long[]> result = new ArrayList<>();
            try (ResultSet rows = db.statement(
                    "SELECT group_id, user_id FROM members ORDER BY group_id, joined_at, user_id").executeQuery()) {
                while (rows.next()) {
                    result.add(new long[] {rows.getLong(1), rows.getLong(2)});
                }
            }
            return result;
        } catch (SQLException e) {
            throw SqliteDatabase.failure("reading memberships", e);
        }
    }
}
