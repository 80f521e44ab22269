package dev.parley.crypto.store;

import dev.parley.crypto.InvalidMessageException;
import dev.parley.crypto.session.SessionRecord;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Sessions in memory, kept serialised so every load is a fresh copy (as a disk store would be). */
public final class InMemorySessionStore implements SessionStore {
    private final Map<String, byte[]> records = new ConcurrentHashMap<>();

    @Override
    public Optional<SessionRecord> load(String user) {
        byte[] bytes = records.get(user);
        if (bytes == null) return Optional.empty();
        try {
            return Optional.of(SessionRecord.deserialize(bytes));
        } catch (InvalidMessageException e) {
            throw new IllegalStateException("stored session is corrupt", e);
        }
    }

    @Override
    public void store(String user, SessionRecord record) {
        records.put(user, record.serialize());
    }

    @Override
    public void delete(String user) {
        records.remove(user);
    }
}
