package dev.parley.crypto.internal.des;

import java.security.InvalidKeyException;
import javax.crypto.spec.DESKeySpec;

/**
 * Checks that 24 bytes make a genuine three-key Triple DES key: no DES weak or semi-weak part, and
 * three pairwise different parts (ignoring parity bits), so EDE3 never collapses to single DES or
 * to two-key Triple DES. For HKDF output the chance of a rejection is about 2^-49.
 */
public final class DesKeys {
    private DesKeys() {}

    public static boolean isStrongThreeKey(byte[] key) {
        if (key.length != TripleDesCbc.KEY_LENGTH) return false;
        try {
            for (int part = 0; part < 3; part++) {
                if (DESKeySpec.isWeak(withParity(key), part * 8)) return false;
            }
        } catch (InvalidKeyException e) {
            return false;
        }
        return !samePart(key, 0, 8) && !samePart(key, 8, 16) && !samePart(key, 0, 16);
    }

    private static boolean samePart(byte[] key, int a, int b) {
        int diff = 0;
        for (int i = 0; i < 8; i++) diff |= (key[a + i] ^ key[b + i]) & 0xfe;
        return diff == 0;
    }

    /** A copy with odd parity in every byte (DES ignores the low bit; the weak-key table assumes parity). */
    static byte[] withParity(byte[] key) {
        byte[] out = key.clone();
        for (int i = 0; i < out.length; i++) {
            int b = out[i] & 0xfe;
            out[i] = (byte) (Integer.bitCount(b) % 2 == 0 ? b | 1 : b);
        }
        return out;
    }
}
