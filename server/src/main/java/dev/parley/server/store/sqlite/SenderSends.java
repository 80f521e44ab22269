package dev.parley.server.store.sqlite;

import java.util.Arrays;

/**
 * One sender's remembered sends in {@link RecentSends}: client ids in ascending order beside their message ids, in
 * two arrays — 16 bytes a record where a map of boxed longs took about 70, and nothing allocated per send. Clients
 * pick increasing ids, so a new record is nearly always appended and a look-up for a new send ends at the first
 * comparison; anything else is a binary search. Store writer only, like {@link RecentSends}.
 */
final class SenderSends {
    /** What {@link #find} answers for a client id it does not hold (message ids are positive). */
    static final long NONE = Long.MIN_VALUE;

    private long[] clientIds = new long[4];
    private long[] messageIds = new long[4];
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The message id recorded for this client id, or {@link #NONE}. */
    long find(long clientId) {
        if (size == 0 || clientId > clientIds[size - 1]) {
            return NONE;
        }
        int at = Arrays.binarySearch(clientIds, 0, size, clientId);
        return at >= 0 ? messageIds[at] : NONE;
    }

    /** Records a send (replacing the message id if this client id is already held). */
    void put(long clientId, long messageId) {
        if (size > 0 && clientId <= clientIds[size - 1]) {
            int at = Arrays.binarySearch(clientIds, 0, size, clientId);
            if (at >= 0) {
                messageIds[at] = messageId;
                return;
            }
            insert(-at - 1, clientId, messageId);
            return;
        }
        insert(size, clientId, messageId);
    }

    /** The client id of the {@code index}-th record in ascending order. */
    long clientId(int index) {
        return clientIds[index];
    }

    /** The message id of the {@code index}-th record in ascending client-id order. */
    long messageId(int index) {
        return messageIds[index];
    }

    /** Forgets the {@code count} records with the lowest client ids. */
    void removeFirst(int count) {
        System.arraycopy(clientIds, count, clientIds, 0, size - count);
        System.arraycopy(messageIds, count, messageIds, 0, size - count);
        size -= count;
    }

    private void insert(int at, long clientId, long messageId) {
        if (size == clientIds.length) {
            clientIds = Arrays.copyOf(clientIds, size * 2);
            messageIds = Arrays.copyOf(messageIds, size * 2);
        }
        System.arraycopy(clientIds, at, clientIds, at + 1, size - at);
        System.arraycopy(messageIds, at, messageIds, at + 1, size - at);
        clientIds[at] = clientId;
        messageIds[at] = messageId;
        size++;
    }
}
