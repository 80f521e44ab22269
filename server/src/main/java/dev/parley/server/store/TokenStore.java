package dev.parley.server.store;

import java.util.Optional;

/** Session tokens, kept only as SHA-256 hashes. */
public interface TokenStore {
    void add(byte[] tokenHash, long userId, long nowMillis);

    Optional<StoredSession> find(byte[] tokenHash);

    void touch(byte[] tokenHash, long nowMillis);

    void remove(byte[] tokenHash);

    /** Drops all but the newest {@code keep} sessions of the user. */
    void keepNewest(long userId, int keep);

    record StoredSession(long userId, long createdAtMillis, long lastUsedMillis) {
    }
}
