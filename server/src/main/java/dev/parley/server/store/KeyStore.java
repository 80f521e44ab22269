package dev.parley.server.store;

import dev.parley.wire.OneTimePreKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The public key directory: identity key, signed prekey and a pool of one-time prekeys per user. All opaque bytes. */
public interface KeyStore {
    void putIdentity(long userId, byte[] identityKey, byte[] signedPreKey);

    Optional<StoredKeys> keys(long userId);

    void setSignedPreKey(long userId, byte[] signedPreKey);

    /** Adds keys to the end of the pool; a key whose id is already there replaces it. */
    void addOneTimePreKeys(long userId, List<OneTimePreKey> keys);

    /** Removes and returns the oldest one-time prekey, if any. */
    Optional<OneTimePreKey> takeOneTimePreKey(long userId);

    int countOneTimePreKeys(long userId);

    Map<Long, Integer> oneTimePreKeyCounts();

    record StoredKeys(byte[] identityKey, byte[] signedPreKey) {
        public StoredKeys {
            identityKey = identityKey.clone();
            signedPreKey = signedPreKey.clone();
        }

        @Override
        public byte[] identityKey() {
            return identityKey.clone();
        }

        @Override
        public byte[] signedPreKey() {
            return signedPreKey.clone();
        }
    }
}
