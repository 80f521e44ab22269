package dev.parley.client.store;

import dev.parley.client.ChatMessage;
import dev.parley.client.ChatMessage.DeliveryState;
import dev.parley.client.ChatMessage.Direction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Conversation history, direct and group, with the delivery state of outgoing messages. */
public final class HistoryStore {

    private static final String COLUMNS =
            "id, kind, conversation_name, sender, text, sent_at, direction, state";

    private final ClientDatabase db;

    public HistoryStore(ClientDatabase db) {
        this.db = db;
    }

    /** Stores an outgoing message as PENDING; recipients is how many must confirm before DELIVERED. */
    public ChatMessage addOutgoing(boolean group, String conversation, String sender, String text,
                                   Instant sentAt, int recipients) {
        long id = db.insert("INSERT INTO messages (kind, conversation, conversation_name, direction, sender, text,"
                        + " sent_at, state, recipients) VALUES (?, ?, ?, 'OUT', ?, ?, ?, 'PENDING', ?)",
                kind(group), key(conversation), conversation, sender, text, sentAt.toEpochMilli(), recipients);
        return new ChatMessage(id, group, conversation, sender, text, sentAt, Direction.OUT, DeliveryState.PENDING);
    }

    public ChatMessage addIncoming(boolean group, String conversation, String sender, String text, Instant sentAt,
                                   long serverMessageId) {
        long id = db.insert("INSERT INTO messages (kind, conversation, conversation_name, direction, sender, text,"
                        + " sent_at, state, server_message_id) VALUES (?, ?, ?, 'IN', ?, ?, ?, 'RECEIVED', ?)",
                kind(group), key(conversation), conversation, sender, text, sentAt.toEpochMilli(), serverMessageId);
        return new ChatMessage(id, group, conversation, sender, text, sentAt, Direction.IN, DeliveryState.RECEIVED);
    }

    public Optional<ChatMessage> find(long id) {
        return db.queryOne("SELECT " + COLUMNS + " FROM messages WHERE id = ?", HistoryStore::map, id);
    }

    public void markSent(long id, long serverMessageId) {
        db.update("UPDATE messages SET state = 'SENT', server_message_id = ? WHERE id = ? AND state = 'PENDING'",
                serverMessageId, id);
    }

    /** Replaces a message's text (a file message, once we know where it was saved). */
    public void setText(long id, String text) {
        db.update("UPDATE messages SET text = ? WHERE id = ?", text, id);
    }

    public void markFailed(long id) {
        db.update("UPDATE messages SET state = 'FAILED' WHERE id = ?", id);
    }

    /** Sets how many recipients must confirm a group message (known only once it is sealed). */
    public void setRecipients(long id, int recipients) {
        db.update("UPDATE messages SET recipients = ? WHERE id = ?", recipients, id);
    }

    /**
     * Records a delivery receipt for the outgoing message the server knows as serverMessageId.
     * Returns the message when this receipt is new, with its state after the receipt: DELIVERED once
     * every recipient confirmed, else still SENT.
     */
    public Optional<ChatMessage> recordReceipt(long serverMessageId, String recipient, Instant at) {
        return db.inTransaction(() -> {
            Optional<long[]> found = db.queryOne(
                    "SELECT id, recipients FROM messages WHERE server_message_id = ? AND direction = 'OUT'",
                    row -> new long[] {row.getLong(1), row.getLong(2)}, serverMessageId);
            if (found.isEmpty()) {
                return Optional.<ChatMessage>empty();
            }
            long id = found.get()[0];
            int added = db.update("INSERT OR IGNORE INTO receipts (message_id, recipient, at) VALUES (?, ?, ?)",
                    id, key(recipient), at.toEpochMilli());
            if (added == 0) {
                return Optional.<ChatMessage>empty();
            }
            long confirmed = db.queryOne("SELECT COUNT(*) FROM receipts WHERE message_id = ?",
                    row -> row.getLong(1), id).orElse(0L);
            if (confirmed >= Math.max(1, found.get()[1])) {
                db.update("UPDATE messages SET state = 'DELIVERED' WHERE id = ?", id);
            }
            return find(id);
        });
    }

    /** The last n messages of a conversation, oldest first. */
    public List<ChatMessage> recent(boolean group, String conversation, int n) {
        List<ChatMessage> newestFirst = db.query("SELECT " + COLUMNS + " FROM messages"
                        + " WHERE kind = ? AND conversation = ? ORDER BY id DESC LIMIT ?",
                HistoryStore::map, kind(group), key(conversation), n);
        List<ChatMessage> result = new ArrayList<>(newestFirst);
        Collections.reverse(result);
        return result;
    }

    public boolean hasConversation(boolean group, String conversation) {
        return db.queryOne("SELECT 1 FROM messages WHERE kind = ? AND conversation = ? LIMIT 1",
                row -> true, kind(group), key(conversation)).isPresent();
    }

    private static ChatMessage map(java.sql.ResultSet row) throws java.sql.SQLException {
        return new ChatMessage(row.getLong(1), "G".equals(row.getString(2)), row.getString(3), row.getString(4),
                row.getString(5), Instant.ofEpochMilli(row.getLong(6)), Direction.valueOf(row.getString(7)),
                DeliveryState.valueOf(row.getString(8)));
    }

    private static String kind(boolean group) {
        return group ? "G" : "D";
    }

    static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
