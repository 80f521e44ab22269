package dev.parley.client.store;

import java.time.Clock;
import java.util.List;

/**
 * What arrived: server message ids already stored, each with a digest of the message's bytes (a
 * redelivery after a lost Ack, or a copy the sender sent again under a new id after the server lost
 * it uncommitted, is acknowledged again, never shown twice), and group ciphertexts waiting for their
 * sender's key.
 */
public final class InboxStore {

    /** At most this many group ciphertexts wait for keys; older ones are dropped first. */
    public static final int MAX_PENDING = 10_000;

    private final ClientDatabase db;
    private final Clock clock;

    public InboxStore(ClientDatabase db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Whether this server id, or a message with these bytes ({@code copyDigest}), was stored before. */
    public boolean alreadyReceived(long serverMessageId, byte[] copyDigest) {
        return db.queryOne("SELECT 1 FROM received WHERE server_id = ? OR copy_digest = ?", row -> true,
                serverMessageId, copyDigest).isPresent();
    }

    public void markReceived(long serverMessageId, byte[] copyDigest) {
        db.update("INSERT OR IGNORE INTO received (server_id, at, copy_digest) VALUES (?, ?, ?)", serverMessageId,
                clock.millis(), copyDigest);
    }

    /** Forgets received ids older than the given age; the server never redelivers that late. */
    public void pruneReceived(java.time.Duration olderThan) {
        db.update("DELETE FROM received WHERE at < ?", clock.millis() - olderThan.toMillis());
    }

    /** Keeps a group ciphertext until its sender's key arrives. Returns the ids dropped to stay bounded. */
    public List<PendingGroupMessage> addPending(PendingGroupMessage message) {
        return db.inTransaction(() -> {
            db.update("INSERT OR IGNORE INTO pending_group (server_id, group_key, group_name, sender, sent_at, payload,"
                            + " received_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    message.serverMessageId(), GroupStore.key(message.group()), message.group(),
                    GroupStore.key(message.sender()), message.sentAtMillis(), message.payload(), clock.millis());
            int count = db.queryOne("SELECT COUNT(*) FROM pending_group", row -> row.getInt(1)).orElse(0);
            if (count <= MAX_PENDING) {
                return List.<PendingGroupMessage>of();
            }
            List<PendingGroupMessage> dropped = db.query("SELECT server_id, group_name, sender, sent_at, payload"
                    + " FROM pending_group ORDER BY server_id LIMIT ?", InboxStore::map, count - MAX_PENDING);
            dropped.forEach(p -> removePending(p.serverMessageId()));
            return dropped;
        });
    }

    /** Waiting ciphertexts from one sender in one group, in arrival order. */
    public List<PendingGroupMessage> pending(String group, String sender) {
        return db.query("SELECT server_id, group_name, sender, sent_at, payload FROM pending_group"
                        + " WHERE group_key = ? AND sender = ? ORDER BY server_id", InboxStore::map,
                GroupStore.key(group), GroupStore.key(sender));
    }

    public void removePending(long serverMessageId) {
        db.update("DELETE FROM pending_group WHERE server_id = ?", serverMessageId);
    }

    public void removePendingForGroup(String group) {
        db.update("DELETE FROM pending_group WHERE group_key = ?", GroupStore.key(group));
    }

    private static PendingGroupMessage map(java.sql.ResultSet row) throws java.sql.SQLException {
        return new PendingGroupMessage(row.getLong(1), row.getString(2), row.getString(3), row.getLong(4),
                row.getBytes(5));
    }
}
