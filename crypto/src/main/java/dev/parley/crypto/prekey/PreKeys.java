package dev.parley.crypto.prekey;

import dev.parley.crypto.identity.IdentityKeyPair;
import dev.parley.crypto.internal.X25519KeyPair;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/** Generates signed and one-time prekeys. */
public final class PreKeys {
    private static final SecureRandom RANDOM = new SecureRandom();

    private PreKeys() {}

    public static SignedPreKeyRecord generateSignedPreKey(IdentityKeyPair identity, int id, long nowMillis) {
        return generateSignedPreKey(identity, id, nowMillis, RANDOM);
    }

    public static SignedPreKeyRecord generateSignedPreKey(IdentityKeyPair identity, int id, long nowMillis,
                                                          SecureRandom random) {
        X25519KeyPair pair = X25519KeyPair.generate(random);
        byte[] signature = identity.sign(SignedPreKeyPublic.signedMessage(id, pair.publicKey()));
        return new SignedPreKeyRecord(id, nowMillis, pair, signature);
    }

    /** {@code count} one-time prekeys with ids {@code startId, startId + 1, ...}. */
    public static List<PreKeyRecord> generateOneTimePreKeys(int startId, int count) {
        return generateOneTimePreKeys(startId, count, RANDOM);
    }

    public static List<PreKeyRecord> generateOneTimePreKeys(int startId, int count, SecureRandom random) {
        if (count < 0) throw new IllegalArgumentException("count must not be negative");
        List<PreKeyRecord> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) out.add(new PreKeyRecord(startId + i, X25519KeyPair.generate(random)));
        return out;
    }
}
