package dev.parley.crypto.store;

import dev.parley.crypto.prekey.SignedPreKeyRecord;
import java.util.List;
import java.util.Optional;

/** The local user's signed prekeys (the current one and recently rotated ones), by id. */
public interface SignedPreKeyStore {
    Optional<SignedPreKeyRecord> load(int id);

    void store(SignedPreKeyRecord record);

    void remove(int id);

    List<SignedPreKeyRecord> all();
}
