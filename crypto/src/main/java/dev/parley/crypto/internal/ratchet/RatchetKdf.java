package dev.parley.crypto.internal.ratchet;

import dev.parley.crypto.internal.Bytes;
import dev.parley.crypto.internal.CipherKeys;
import dev.parley.crypto.internal.Hkdf;

/** The key derivations of the Double Ratchet, each under its own HKDF label. */
public final class RatchetKdf {
    static final byte[] ROOT_LABEL = Bytes.utf8("Parley ratchet root v1");
    static final byte[] MESSAGE_LABEL = Bytes.utf8("Parley message keys v1");

    private RatchetKdf() {}

    /** A root-key step: the new root key and a fresh chain key. */
    public record RootStep(byte[] rootKey, ChainKey chainKey) {
        @Override
        public String toString() {
            return "RootStep[<redacted>]";
        }
    }

    /** KDF_RK(rk, dh) = HKDF(salt = rk, ikm = dh, info = "Parley ratchet root v1") → rk' (32) ‖ ck (32). */
    public static RootStep rootStep(byte[] rootKey, byte[] dhOutput) {
        byte[] okm = Hkdf.derive(rootKey, dhOutput, ROOT_LABEL, 64);
        return new RootStep(Bytes.slice(okm, 0, 32), new ChainKey(Bytes.slice(okm, 32, 32), 0));
    }

    /** A message key seed → 24-byte 3DES key, 32-byte HMAC key, 8-byte IV ("Parley message keys v1"). */
    public static CipherKeys messageKeys(byte[] seed) {
        return CipherKeys.derive(seed, MESSAGE_LABEL);
    }
}
