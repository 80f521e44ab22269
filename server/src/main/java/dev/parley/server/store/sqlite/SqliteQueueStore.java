package dev.parley.server.store.sqlite;

import dev.parley.server.store.QueueStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

final class SqliteQueueStore implements QueueStore {
    private static final String HIGH_WATER_MARK = "message_id_high_water_mark";

    private final SqliteDatabase db;
    private final RecentSends recent;
    private long sortedPrunes;

    SqliteQueueStore(SqliteDatabase db) {
        this.db = db;
        this.recent = new RecentSends(db);
    }

    @Override
    public void enqueueDirect(long recipientId, long messageId, long senderId, long sentAtMillis, byte[] body) {
        try {
            PreparedStatement insert = db.statement(
                    "INSERT INTO queue (recipient_id, message_id, sender_id, group_id, sent_at, body) VALUES (?, ?, ?, 0, ?, ?)");
            insert.setLong(1, recipientId);
            insert.setLong(2, messageId);
            insert.setLong(3, senderId);
            insert.setLong(4, sentAtMillis);
            insert.setBytes(5, body);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw SqliteDatabase.failure("queueing a message", e);
        }
    }

    @Override
    public void storeGroupPayload(long messageId, byte[] body) {
        try {
            PreparedStatement insert = db.statement("INSERT INTO group_payloads (message_id, body) VALUES (?, ?)");
            insert.setLong(1, messageId);
            insert.setBytes(2, body);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw SqliteDatabase.failure("storing a group message", e);
        }
    }

    @Override
    public void enqueueGroupEntry(long recipientId, long messageId, long senderId, long groupId, long sentAtMillis) {
        db.update("queueing a group message",
                "INSERT INTO queue (recipient_id, message_id, sender_id, group_id, sent_at, body) VALUES (?, ?, ?, ?, ?, NULL)",
                recipientId, messageId, senderId, groupId, sentAtMillis);
    }

    @Override
    public Optional<Removed> remove(long recipientId, long messageId) {
        try {
            PreparedStatement delete = db.statement(
                    "DELETE FROM queue WHERE recipient_id = ? AND message_id = ? RETURNING sender_id, group_id, coalesce(length(body), 0)");
            delete.setLong(1, recipientId);
            delete.setLong(2, messageId);
            try (ResultSet rows = delete.executeQuery()) {
                return rows.next() ? Optional.of(new Removed(rows.getLong(1), rows.getLong(2), rows.getInt(3))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw SqliteDatabase.failure("removing a delivered message", e);
        }
    }

    @Override
    public boolean removeKnown(long recipientId, long messageId) {
        return db.update("removing a delivered message",
                "DELETE FROM queue WHERE recipient_id = ? AND message_id = ?", recipientId, messageId) == 1;
    }

    @Override
    public void deleteGroupPayload(long messageId) {
        db.update("removing a group message", "DELETE FROM group_payloads WHERE message_id = ?", messageId);
    }

    @Override
    public List<QueuedMessage> page(long recipientId, long afterMessageId, int limit) {
        try {
            PreparedStatement select = db.statement("""
                    SELECT q.message_id, q.sender_id, q.group_id, q.sent_at, coalesce(q.body, p.body)
                    FROM queue q LEFT JOIN group_payloads p ON q.body IS NULL AND p.message_id = q.message_id
                    WHERE q.recipient_id = ? AND q.message_id > ?
                    ORDER BY q.message_id LIMIT ?""");
            select.setLong(1, recipientId);
            select.setLong(2, afterMessageId);
            select.setInt(3, limit);
            List<QueuedMessage> result = new ArrayList<>(Math.min(limit, 256));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    byte[] body = rows.getBytes(5);
                    result.add(new QueuedMessage(rows.getLong(1), rows.getLong(2), rows.getLong(3), rows.getLong(4),
                            body == null ? new byte[0] : body));
                }
            }
            return result;
        } catch (SQLException e) {
            throw SqliteDatabase.failure("reading a queue", e);
        }
    }

    @Override
    public OptionalLong sentMessageId(long senderId, long clientMessageId) {
        try {
            return recent.find(senderId, clientMessageId);
        } catch (SQLException e) {
            throw SqliteDatabase.failure("checking for a resend", e);
        }
    }

    @Override
    public OptionalLong claimSent(long senderId, long clientMessageId, long messageId) {
        try {
            OptionalLong earlier = recent.find(senderId, clientMessageId);
            if (earlier.isEmpty()) {
                recent.add(senderId, clientMessageId, messageId);
            }
            return earlier;
        } catch (SQLException e) {
            throw SqliteDatabase.failure("recording a send", e);
        }
    }

    /** After a commit: the idempotency sweep may move another share of rows in the next transaction. */
    void committed() {
        recent.committed();
    }

    /** After a rollback: the newest sends are read again from the table, so nothing undone is remembered. */
    void rolledBack() {
        recent.reload();
    }

    /**
     * Forgets all but the sender's newest {@code keep} records (by message id). {@code sent} is ordered by client id,
     * so finding the newest by message id means sorting all of the sender's records (6–13 ms for 15,000 on our VM,
     * half of the store writer's time in a W1 run where every sender reached the limit at once). Clients pick
     * increasing ids, so the split at the {@code keep}-th highest client id is nearly always the same split: when every
     * record below it is older than every record from it up — one scan, no sort — a range delete on the key does the
     * job; otherwise (random or reordered client ids) the records are sorted as before.
     */
    @Override
    public int pruneSent(long senderId, int keep) {
        try {
            recent.moveSender(senderId);
            PreparedStatement boundary = db.statement(
                    "SELECT client_message_id FROM sent WHERE sender_id = ? ORDER BY client_message_id DESC LIMIT 1 OFFSET ?");
            boundary.setLong(1, senderId);
            boundary.setInt(2, keep - 1);
            long lowestKept;
            try (ResultSet row = boundary.executeQuery()) {
                if (!row.next()) {
                    // fewer than keep: nothing to forget
                    return db.count("pruning sends", "SELECT count(*) FROM sent WHERE sender_id = ?", senderId);
                }
                lowestKept = row.getLong(1);
            }
            PreparedStatement sides = db.statement("""
                    SELECT max(CASE WHEN client_message_id < ?2 THEN message_id END),
                           min(CASE WHEN client_message_id >= ?2 THEN message_id END)
                    FROM sent WHERE sender_id = ?1""");
            sides.setLong(1, senderId);
            sides.setLong(2, lowestKept);
            boolean ordered;
            try (ResultSet row = sides.executeQuery()) {
                row.next();
                long newestBelow = row.getLong(1);
                ordered = row.wasNull() || newestBelow < row.getLong(2);
            }
            if (ordered) {
                db.update("pruning sends",
                        "DELETE FROM sent WHERE sender_id = ? AND client_message_id < ?", senderId, lowestKept);
            } else {
                sortedPrunes++;
                db.update("pruning sends", """
                        DELETE FROM sent WHERE sender_id = ?1 AND message_id <
                          (SELECT message_id FROM sent WHERE sender_id = ?1 ORDER BY message_id DESC LIMIT 1 OFFSET ?2)""",
                        senderId, keep - 1);
            }
            return keep; // every id is unique, so exactly keep records are left either way
        } catch (SQLException e) {
            throw SqliteDatabase.failure("pruning sends", e);
        }
    }

    /** How many prunes had to sort a sender's records by message id (for tests: increasing client ids should not). */
    long sortedPrunes() {
        return sortedPrunes;
    }

    @Override
    public void addReceipt(long senderId, long messageId, long recipientId, long atMillis) {
        db.update("storing a receipt",
                "INSERT OR REPLACE INTO receipts (sender_id, message_id, recipient_id, at) VALUES (?, ?, ?, ?)",
                senderId, messageId, recipientId, atMillis);
    }

    @Override
    public List<StoredReceipt> takeReceipts(long senderId, int limit) {
        try {
            PreparedStatement select = db.statement("""
                    DELETE FROM receipts WHERE sender_id = ?1 AND (message_id, recipient_id) IN
                      (SELECT message_id, recipient_id FROM receipts WHERE sender_id = ?1 ORDER BY message_id LIMIT ?2)
                    RETURNING message_id, recipient_id, at""");
            select.setLong(1, senderId);
            select.setInt(2, limit);
            List<StoredReceipt> result = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    result.add(new StoredReceipt(rows.getLong(1), rows.getLong(2), rows.getLong(3)));
                }
            }
            result.sort((a, b) -> Long.compare(a.messageId(), b.messageId()));
            return result;
        } catch (SQLException e) {
            throw SqliteDatabase.failure("reading receipts", e);
        }
    }

    @Override
    public long highWaterMark() {
        try {
            PreparedStatement select = db.statement("SELECT value FROM meta WHERE key = ?");
            select.setString(1, HIGH_WATER_MARK);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? rows.getLong(1) : 0;
            }
        } catch (SQLException e) {
            throw SqliteDatabase.failure("reading the message counter", e);
        }
    }

    @Override
    public void setHighWaterMark(long messageId) {
        try {
            PreparedStatement upsert = db.statement(
                    "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = max(value, excluded.value)");
            upsert.setString(1, HIGH_WATER_MARK);
            upsert.setLong(2, messageId);
            upsert.executeUpdate();
        } catch (SQLException e) {
            throw SqliteDatabase.failure("recording the message counter", e);
        }
    }

    @Override
    public QueueStats stats() {
        try {
            Map<Long, long[]> perRecipient = new HashMap<>();
            try (ResultSet rows = db.statement(
                    "SELECT recipient_id, count(*), sum(coalesce(length(body), 0)) FROM queue GROUP BY recipient_id").executeQuery()) {
                while (rows.next()) {
                    perRecipient.put(rows.getLong(1), new long[] {rows.getLong(2), rows.getLong(3)});
                }
            }
            Map<Long, int[]> payloads = new HashMap<>();
            try (ResultSet rows = db.statement("SELECT message_id, length(body) FROM group_payloads").executeQuery()) {
                while (rows.next()) {
                    payloads.put(rows.getLong(1), new int[] {0, rows.getInt(2)});
                }
            }
            try (ResultSet rows = db.statement(
                    "SELECT message_id, recipient_id FROM queue WHERE body IS NULL").executeQuery()) {
                while (rows.next()) {
                    int[] payload = payloads.get(rows.getLong(1));
                    if (payload != null) {
                        payload[0]++;
                        perRecipient.get(rows.getLong(2))[1] += payload[1];
                    }
                }
            }
            Map<Long, Integer> sent = new HashMap<>();
            try (ResultSet rows = db.statement("SELECT sender_id, count(*) FROM sent GROUP BY sender_id").executeQuery()) {
                while (rows.next()) {
                    sent.put(rows.getLong(1), rows.getInt(2));
                }
            }
            recent.countsBySender().forEach((sender, count) -> sent.merge(sender, count, Integer::sum));
            long max = highWaterMark();
            try (ResultSet rows = db.statement(
                    """
                    SELECT max(coalesce((SELECT max(message_id) FROM queue), 0), coalesce((SELECT max(message_id) FROM sent), 0),
                               coalesce((SELECT max(message_id) FROM sent_recent), 0))""")
                    .executeQuery()) {
                if (rows.next()) {
                    max = Math.max(max, rows.getLong(1));
                }
            }
            return new QueueStats(perRecipient, payloads, sent, max);
        } catch (SQLException e) {
            throw SqliteDatabase.failure("reading queue statistics", e);
        }
    }
}
