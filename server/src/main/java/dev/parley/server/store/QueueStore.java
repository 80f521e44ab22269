package dev.parley.server.store;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Durable per-recipient queues of ciphertext, the idempotency record of sends, and receipts waiting
 * for offline senders. Message ids are chosen by the caller and increase over time, so a queue read in
 * id order is the order of arrival.
 */
public interface QueueStore {
    void enqueueDirect(long recipientId, long messageId, long senderId, long sentAtMillis, byte[] body);

    /** Stores a group ciphertext once; entries added with {@link #enqueueGroupEntry} refer to it by message id. */
    void storeGroupPayload(long messageId, byte[] body);

    void enqueueGroupEntry(long recipientId, long messageId, long senderId, long groupId, long sentAtMillis);

    /** Removes one entry of this recipient's queue; empty if it was not there (already acknowledged, or someone else's). */
    java.util.Optional<Removed> remove(long recipientId, long messageId);

    /**
     * Removes one entry of this recipient's queue whose sender, group and size the caller already knows (it pushed
     * the message), without reading them back; false if it was not there.
     */
    boolean removeKnown(long recipientId, long messageId);

    void deleteGroupPayload(long messageId);

    /** Up to {@code limit} entries with ids above {@code afterMessageId}, oldest first, with their ciphertext. */
    List<QueuedMessage> page(long recipientId, long afterMessageId, int limit);

    /** The message id already given to this client message id of this sender, if remembered. */
    OptionalLong sentMessageId(long senderId, long clientMessageId);

    /**
     * Records that (sender, client message id) got {@code messageId}, unless it already has an id: then
     * nothing is written and the earlier id is returned. Ids passed here increase from call to call.
     */
    OptionalLong claimSent(long senderId, long clientMessageId, long messageId);

    /** Forgets all but the newest {@code keep} client message ids of the sender; returns how many remain. */
    int pruneSent(long senderId, int keep);

    void addReceipt(long senderId, long messageId, long recipientId, long atMillis);

    /** Removes and returns up to {@code limit} receipts waiting for this sender, oldest message first. */
    List<StoredReceipt> takeReceipts(long senderId, int limit);

    long highWaterMark();

    void setHighWaterMark(long messageId);

    /** Everything the server keeps in memory about the queues, read once at start-up. */
    QueueStats stats();

    /** A removed queue entry: its sender, group (0: direct) and the bytes of its own body (0 for a group entry). */
    record Removed(long senderId, long groupId, int bodyBytes) {
    }

    record QueuedMessage(long messageId, long senderId, long groupId, long sentAtMillis, byte[] body) {
        /** What {@link QueueStore#remove} reads back for this entry: a group entry's body is the group's payload, not its own. */
        public Removed removed() {
            return new Removed(senderId, groupId, groupId == 0 ? body.length : 0);
        }

        @Override
        public String toString() {
            return "QueuedMessage[messageId=" + messageId + ", senderId=" + senderId + ", groupId=" + groupId
                    + ", body=" + body.length + " bytes]";
        }
    }

    record StoredReceipt(long messageId, long recipientId, long atMillis) {
    }

    /** Per recipient: entries and ciphertext bytes; per group payload: references and size; per sender: remembered sends. */
    record QueueStats(Map<Long, long[]> perRecipient, Map<Long, int[]> groupPayloads, Map<Long, Integer> sentPerSender,
                      long maxMessageId) {
    }
}
