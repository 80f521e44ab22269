package dev.parley.server.state;

import dev.parley.server.limits.TokenBucket;
import dev.parley.server.store.QueueStore.Removed;
import dev.parley.wire.Presence;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A user as the running server knows them. Identity and the password hash never change. Fields
 * documented "store writer only" are touched by the single store-writer thread and nowhere else;
 * the rest are safe to read from any thread.
 */
public final class Account {
    /** Most pushed, unacknowledged rows remembered per user; past this the Ack reads the row back from the queue. */
    public static final int MOST_PUSHED = 1_024;

    private final long id;
    private final String name;
    private final String passwordHash;
    private volatile Presence presence = Presence.OFFLINE;
    private volatile long lastSeenMillis;
    private volatile Connection connection;
    private volatile List<Group> groups = List.of();
    private TokenBucket messageBucket;
    private TokenBucket requestBucket;
    private TokenBucket bundleBucket;

    /** Store writer only: messages and ciphertext bytes waiting in this user's queue. */
    public int queued;
    public long queuedBytes;
    /** Store writer only: one-time prekeys in this user's pool. */
    public int oneTimePreKeys;
    /** Store writer only: client message ids remembered for this sender. */
    public int sentRemembered;
    /**
     * Store writer only: the queue rows (sender, group, size) of messages pushed to this user's connection and not yet
     * acknowledged, so that the Ack deletes each without reading it back; null until the first push after sign-in. A
     * row remembered in a batch that was then rolled back is simply not found by the Ack's delete.
     */
    private Map<Long, Removed> pushed;

    public Account(long id, String name, String passwordHash, long lastSeenMillis) {
        this.id = id;
        this.name = name;
        this.passwordHash = passwordHash;
        this.lastSeenMillis = lastSeenMillis;
    }

    public long id() {
        return id;
    }

    public String name() {
        return name;
    }

    public String passwordHash() {
        return passwordHash;
    }

    public Presence presence() {
        return presence;
    }

    public long lastSeenMillis() {
        return lastSeenMillis;
    }

    public void presence(Presence presence, long lastSeenMillis) {
        this.presence = presence;
        this.lastSeenMillis = lastSeenMillis;
    }

    /** The connection this user is signed in on, or null. */
    public Connection connection() {
        return connection;
    }

    /** Store writer only. */
    public void connection(Connection connection) {
        this.connection = connection;
    }

    public List<Group> groups() {
        return groups;
    }

    /** Store writer only. */
    public void joined(Group group) {
        if (!groups.contains(group)) {
            List<Group> next = new ArrayList<>(groups);
            next.add(group);
            groups = List.copyOf(next);
        }
    }

    /** Store writer only. */
    public void left(Group group) {
        List<Group> next = new ArrayList<>(groups);
        if (next.remove(group)) {
            groups = List.copyOf(next);
        }
    }

    public synchronized TokenBucket messageBucket(int burst, int perSecond, long nowNanos) {
        if (messageBucket == null) {
            messageBucket = new TokenBucket(burst, perSecond, nowNanos);
        }
        return messageBucket;
    }

    public synchronized TokenBucket requestBucket(int burst, int perSecond, long nowNanos) {
        if (requestBucket == null) {
            requestBucket = new TokenBucket(burst, perSecond, nowNanos);
        }
        return requestBucket;
    }

    public synchronized TokenBucket bundleBucket(int burst, int perSecond, long nowNanos) {
        if (bundleBucket == null) {
            bundleBucket = new TokenBucket(burst, perSecond, nowNanos);
        }
        return bundleBucket;
    }

    /** Store writer only: this queue row was pushed to the user's connection (remembered up to {@link #MOST_PUSHED}). */
    public void pushed(long messageId, Removed row) {
        if (pushed == null) {
            pushed = new HashMap<>();
        }
        if (pushed.size() < MOST_PUSHED) {
            pushed.put(messageId, row);
        }
    }

    /** Store writer only: the row remembered for this pushed message, forgotten now; null if none is remembered. */
    public Removed takePushed(long messageId) {
        if (pushed == null) {
            return null;
        }
        return pushed.remove(messageId);
    }

    /** Store writer only: the connection is gone; what it left unacknowledged is pushed, and remembered, at the next sign-in. */
    public void forgetPushed() {
        pushed = null;
    }

    @Override
    public String toString() {
        return "Account[" + id + ", " + name + "]";
    }
}
