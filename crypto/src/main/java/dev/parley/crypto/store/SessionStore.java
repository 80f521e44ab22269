package dev.parley.crypto.store;

import dev.parley.crypto.session.SessionRecord;
import java.util.Optional;

/**
 * Pairwise session state per remote user. {@code load} returns an independent copy; changes count
 * only once passed to {@code store}.
 */
public interface SessionStore {
    Optional<SessionRecord> load(String user);

    void store(String user, SessionRecord record);

    void delete(String user);
}
