package dev.parley.client.store;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Sends not yet accepted by the server, in the order they were made. An entry is written before
 * anything goes on the wire, sealed (its final ciphertext stored) before its first transmission,
 * and removed only on the server's Accepted.
 */
public final class OutboxStore {

    private static final String COLUMNS = "id, kind, target, client_message_id, content, payload, message_id";

    private final ClientDatabase db;
    private final Clock clock;
    private final SecureRandom random;
    private long lastClientMessageId;

    public OutboxStore(ClientDatabase db, Clock clock, SecureRandom random) {
        this.db = db;
        this.clock = clock;
        this.random = random;
    }

    /** Adds an unsealed entry with a fresh client message id (see {@link #nextClientMessageId()}). */
    public OutboxEntry add(OutboxEntry.Kind kind, String target, byte[] content, long historyId) {
        long clientMessageId = nextClientMessageId();
        long id = db.insert("INSERT INTO outbox (kind, target, client_message_id, content, message_id, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?)",
                kind.name(), target, clientMessageId, content, historyId == 0 ? null : historyId, clock.millis());
        return new OutboxEntry(id, kind, target, clientMessageId, content, null, historyId);
    }

    /**
     * The time in milliseconds above 20 random bits, and always above the previous id: ids of one client increase,
     * so the server records each new one at the end of this sender's idempotency records (one page for many sends,
     * where random ids would each land on a different page), and two ids of one process never meet.
     */
    synchronized long nextClientMessageId() {
        long candidate = ((clock.millis() << 20) | random.nextInt(1 << 20)) & Long.MAX_VALUE;
        lastClientMessageId = Math.max(candidate, lastClientMessageId + 1);
        return lastClientMessageId;
    }

    /** Stores the final ciphertext of an entry; from now on it is sent byte-identical. */
    public OutboxEntry seal(OutboxEntry entry, byte[] payload) {
        int changed = db.update("UPDATE outbox SET payload = ? WHERE id = ? AND payload IS NULL", payload, entry.id());
        if (changed != 1) {
            throw new IllegalStateException("outbox entry " + entry.id() + " is gone or already sealed");
        }
        return entry.withPayload(payload);
    }

    /** Every entry, oldest first. */
    public List<OutboxEntry> all() {
        return db.query("SELECT " + COLUMNS + " FROM outbox ORDER BY id", OutboxStore::map);
    }

    /**
     * The entries after row {@code afterId} that lie within {@code window} rows of the oldest entry
     * still here, oldest first: a sliding window over the outbox.
     */
    public List<OutboxEntry> window(long afterId, int window) {
        return db.query("SELECT " + COLUMNS + " FROM outbox WHERE id > ? AND id < (SELECT min(id) FROM outbox) + ? ORDER BY id",
                OutboxStore::map, afterId, window);
    }

    public Optional<OutboxEntry> byClientMessageId(long clientMessageId) {
        return db.queryOne("SELECT " + COLUMNS + " FROM outbox WHERE client_message_id = ?", OutboxStore::map,
                clientMessageId);
    }

    /** Removes an entry (accepted, or refused for good). Returns whether it was still there. */
    public boolean remove(long clientMessageId) {
        return db.update("DELETE FROM outbox WHERE client_message_id = ?", clientMessageId) == 1;
    }

    public int size() {
        return db.queryOne("SELECT COUNT(*) FROM outbox", row -> row.getInt(1)).orElse(0);
    }

    private static OutboxEntry map(java.sql.ResultSet row) throws java.sql.SQLException {
        return new OutboxEntry(row.getLong(1), OutboxEntry.Kind.valueOf(row.getString(2)), row.getString(3),
                row.getLong(4), row.getBytes(5), row.getBytes(6), row.getLong(7));
    }
}
