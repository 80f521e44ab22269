package dev.parley.crypto.internal;

import dev.parley.crypto.internal.des.DesKeys;
import dev.parley.crypto.internal.des.TripleDesCbc;

/**
 * The three values one encrypt-then-MAC operation needs: a 24-byte three-key Triple DES key, a
 * separate 32-byte HMAC-SHA256 key, and an 8-byte CBC IV. {@link #derive} expands one secret with
 * HKDF-SHA256 into all three (64 bytes of output); used where that secret encrypts exactly one
 * message, so the derived IV is never reused with the same key.
 */
public record CipherKeys(byte[] encKey, byte[] macKey, byte[] iv) {
    public static final int ENC_LENGTH = TripleDesCbc.KEY_LENGTH;
    public static final int MAC_LENGTH = 32;
    public static final int IV_LENGTH = TripleDesCbc.BLOCK;

    public CipherKeys {
        if (encKey.length != ENC_LENGTH || macKey.length != MAC_LENGTH || iv.length != IV_LENGTH) {
            throw new IllegalArgumentException("cipher keys are 24 + 32 + 8 bytes");
        }
    }

    /**
     * HKDF(salt = none, ikm = secret, info = label) to 64 bytes: 3DES key ‖ HMAC key ‖ IV. If the
     * 3DES key is weak or has two equal parts (probability about 2^-49) the derivation is repeated
     * with {@code label ‖ counter} (counter = 1, 2, ...), identically on both sides.
     */
    public static CipherKeys derive(byte[] secret, byte[] label) {
        byte[] info = label;
        for (int counter = 1; ; counter++) {
            byte[] okm = Hkdf.derive(null, secret, info, ENC_LENGTH + MAC_LENGTH + IV_LENGTH);
            byte[] enc = Bytes.slice(okm, 0, ENC_LENGTH);
            if (DesKeys.isStrongThreeKey(enc)) {
                return new CipherKeys(enc, Bytes.slice(okm, ENC_LENGTH, MAC_LENGTH),
                        Bytes.slice(okm, ENC_LENGTH + MAC_LENGTH, IV_LENGTH));
            }
            info = Bytes.concat(label, new byte[] {(byte) counter});
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CipherKeys k && Bytes.equal(encKey, k.encKey) && Bytes.equal(macKey, k.macKey)
                && Bytes.equal(iv, k.iv);
    }

    @Override
    public int hashCode() {
        return 0;
    }

    @Override
    public String toString() {
        return "CipherKeys[<redacted>]";
    }
}
