package dev.parley.crypto.store;

import dev.parley.crypto.InvalidKeyException;
import dev.parley.crypto.prekey.SignedPreKeyRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/** Signed prekeys in memory, kept serialised so every load is a fresh copy. */
public final class InMemorySignedPreKeyStore implements SignedPreKeyStore {
    private final Map<Integer, byte[]> records = new ConcurrentSkipListMap<>();

    @Override
    public Optional<SignedPreKeyRecord> load(int id) {
        byte[] bytes = records.get(id);
        return bytes == null ? Optional.empty() : Optional.of(parse(bytes));
    }

    @Override
    public void store(SignedPreKeyRecord record) {
        records.put(record.id(), record.serialize());
    }

    @Override
    public void remove(int id) {
        records.remove(id);
    }

    @Override
    public List<SignedPreKeyRecord> all() {
        List<SignedPreKeyRecord> out = new ArrayList<>();
        for (byte[] bytes : records.values()) out.add(parse(bytes));
        return out;
    }

    private static SignedPreKeyRecord parse(byte[] bytes) {
        try {
            return SignedPreKeyRecord.deserialize(bytes);
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("stored signed prekey is corrupt", e);
        }
    }
}
