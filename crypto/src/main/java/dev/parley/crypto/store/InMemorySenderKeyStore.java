package dev.parley.crypto.store;

import dev.parley.crypto.InvalidMessageException;
import dev.parley.crypto.group.SenderKeyRecord;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Sender keys in memory, kept serialised so every load is a fresh copy. */
public final class InMemorySenderKeyStore implements SenderKeyStore {
    private record Key(String groupId, String sender) {}

    private final Map<Key, byte[]> records = new ConcurrentHashMap<>();

    @Override
    public Optional<SenderKeyRecord> load(String groupId, String sender) {
        byte[] bytes = records.get(new Key(groupId, sender));
        if (bytes == null) return Optional.empty();
        try {
            return Optional.of(SenderKeyRecord.deserialize(bytes));
        } catch (InvalidMessageException e) {
            throw new IllegalStateException("stored sender key is corrupt", e);
        }
    }

    @Override
    public void store(String groupId, String sender, SenderKeyRecord record) {
        records.put(new Key(groupId, sender), record.serialize());
    }

    @Override
    public void delete(String groupId, String sender) {
        records.remove(new Key(groupId, sender));
    }
}
