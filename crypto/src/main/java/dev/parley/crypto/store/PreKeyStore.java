package dev.parley.crypto.store;

import dev.parley.crypto.prekey.PreKeyRecord;
import java.util.Optional;

/** The local user's unused one-time prekeys, by id. */
public interface PreKeyStore {
    Optional<PreKeyRecord> load(int id);

    void store(PreKeyRecord record);

    void remove(int id);

    int count();
}
