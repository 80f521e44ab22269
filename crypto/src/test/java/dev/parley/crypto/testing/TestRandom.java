package dev.parley.crypto.testing;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/** A deterministic SecureRandom (SHA1PRNG seeded before first use), so test runs repeat exactly. */
public final class TestRandom {
    private TestRandom() {}

    public static SecureRandom seeded(long seed) {
        try {
            SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
            r.setSeed(seed);
            return r;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
