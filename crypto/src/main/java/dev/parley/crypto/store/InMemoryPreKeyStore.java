package dev.parley.crypto.store;

import dev.parley.crypto.InvalidKeyException;
import dev.parley.crypto.prekey.PreKeyRecord;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** One-time prekeys in memory, kept serialised so every load is a fresh copy. */
public final class InMemoryPreKeyStore implements PreKeyStore {
    private final Map<Integer, byte[]> records = new ConcurrentHashMap<>();

    @Override
    public Optional<PreKeyRecord> load(int id) {
        byte[] bytes = records.get(id);
        if (bytes == null) return Optional.empty();
        try {
            return Optional.of(PreKeyRecord.deserialize(bytes));
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("stored prekey is corrupt", e);
        }
    }

    @Override
    public void store(PreKeyRecord record) {
        records.put(record.id(), record.serialize());
    }

    @Override
    public void remove(int id) {
        records.remove(id);
    }

    @Override
    public int count() {
        return records.size();
    }
}
