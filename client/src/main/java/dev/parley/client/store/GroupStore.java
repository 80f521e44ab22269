package dev.parley.client.store;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The groups this account is in: their members as last reported by the server, which members
 * already hold our current sender key, and whether our key must be replaced (someone left)
 * before we send to the group again.
 */
public final class GroupStore {

    private final ClientDatabase db;

    public GroupStore(ClientDatabase db) {
        this.db = db;
    }

    /** Records membership of a group (idempotent) with its member list. */
    public void joined(String group, Collection<String> members) {
        db.inTransaction(() -> {
            db.update("INSERT INTO groups (group_key, name) VALUES (?, ?) ON CONFLICT(group_key) DO NOTHING",
                    key(group), group);
            replaceMembers(group, members);
            return null;
        });
    }

    /** Forgets a group entirely (we left it). */
    public void left(String group) {
        db.inTransaction(() -> {
            db.update("DELETE FROM group_members WHERE group_key = ?", key(group));
            db.update("DELETE FROM sender_key_shared WHERE group_key = ?", key(group));
            db.update("DELETE FROM groups WHERE group_key = ?", key(group));
            return null;
        });
    }

    public boolean isMember(String group) {
        return db.queryOne("SELECT 1 FROM groups WHERE group_key = ?", row -> true, key(group)).isPresent();
    }

    /** The group's name as the server spells it, if we are in it. */
    public Optional<String> name(String group) {
        return db.queryOne("SELECT name FROM groups WHERE group_key = ?", row -> row.getString(1), key(group));
    }

    public List<String> groups() {
        return db.query("SELECT name FROM groups ORDER BY group_key", row -> row.getString(1));
    }

    public List<String> members(String group) {
        return db.query("SELECT member FROM group_members WHERE group_key = ? ORDER BY member",
                row -> row.getString(1), key(group));
    }

    /**
     * Replaces the member list. Anyone missing from the new list no longer holds our key legitimately:
     * the group is marked for rotation and they are dropped from the shared set.
     */
    public void replaceMembers(String group, Collection<String> members) {
        db.inTransaction(() -> {
            List<String> before = members(group);
            List<String> after = members.stream().map(GroupStore::key).distinct().toList();
            boolean someoneLeft = before.stream().anyMatch(m -> !after.contains(m));
            db.update("DELETE FROM group_members WHERE group_key = ?", key(group));
            for (String member : after) {
                db.update("INSERT INTO group_members (group_key, member) VALUES (?, ?)", key(group), member);
            }
            db.update("DELETE FROM sender_key_shared WHERE group_key = ? AND member NOT IN (SELECT member"
                    + " FROM group_members WHERE group_key = ?)", key(group), key(group));
            if (someoneLeft) {
                markForRotation(group);
            }
            return null;
        });
    }

    public void markForRotation(String group) {
        db.update("UPDATE groups SET needs_rotation = 1 WHERE group_key = ?", key(group));
    }

    public boolean needsRotation(String group) {
        return db.queryOne("SELECT needs_rotation FROM groups WHERE group_key = ?", row -> row.getInt(1) == 1,
                key(group)).orElse(false);
    }

    /** Our key was replaced: nobody holds the new one yet. */
    public void rotated(String group) {
        db.inTransaction(() -> {
            db.update("UPDATE groups SET needs_rotation = 0 WHERE group_key = ?", key(group));
            db.update("DELETE FROM sender_key_shared WHERE group_key = ?", key(group));
            return null;
        });
    }

    /** Members (other than self) that do not hold our current sender key yet. */
    public List<String> membersWithoutOurKey(String group, String self) {
        return db.query("SELECT member FROM group_members WHERE group_key = ? AND member <> ? AND member NOT IN"
                        + " (SELECT member FROM sender_key_shared WHERE group_key = ?) ORDER BY member",
                row -> row.getString(1), key(group), key(self), key(group));
    }

    public void shared(String group, String member) {
        db.update("INSERT OR IGNORE INTO sender_key_shared (group_key, member) VALUES (?, ?)", key(group), key(member));
    }

    public void unshared(String group, String member) {
        db.update("DELETE FROM sender_key_shared WHERE group_key = ? AND member = ?", key(group), key(member));
    }

    static String key(String name) {
        return HistoryStore.key(name);
    }
}
