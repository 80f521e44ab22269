package dev.parley.crypto.identity;

import dev.parley.crypto.InvalidKeyException;
import dev.parley.crypto.internal.Bytes;
import dev.parley.crypto.internal.Ed25519;
import dev.parley.crypto.internal.Sha;
import dev.parley.crypto.internal.X25519;
import java.util.Arrays;

/**
 * A user's public identity: an X25519 key for agreement and an Ed25519 key for signatures (two
 * separate keys; no key is used for both). Serialised as {@code 0x01 ‖ x25519(32) ‖ ed25519(32)}.
 */
public record IdentityKey(byte[] agreementKey, byte[] signingKey) {
    public static final int VERSION = 1;
    public static final int SERIALIZED_LENGTH = 1 + X25519.KEY_LENGTH + Ed25519.KEY_LENGTH;

    public IdentityKey {
        if (agreementKey == null || agreementKey.length != X25519.KEY_LENGTH) {
            throw new IllegalArgumentException("agreement key must be 32 bytes");
        }
        if (signingKey == null || signingKey.length != Ed25519.KEY_LENGTH) {
            throw new IllegalArgumentException("signing key must be 32 bytes");
        }
        agreementKey = agreementKey.clone();
        signingKey = signingKey.clone();
    }

    @Override
    public byte[] agreementKey() {
        return agreementKey.clone();
    }

    @Override
    public byte[] signingKey() {
        return signingKey.clone();
    }

    public byte[] serialize() {
        return Bytes.concat(new byte[] {VERSION}, agreementKey, signingKey);
    }

    /** Parses and validates: version, exact length, and an Ed25519 key that is a point on the curve. */
    public static IdentityKey deserialize(byte[] bytes) throws InvalidKeyException {
        if (bytes == null || bytes.length != SERIALIZED_LENGTH) throw new InvalidKeyException("identity key must be 65 bytes");
        if (bytes[0] != VERSION) throw new InvalidKeyException("unknown identity key version " + bytes[0]);
        byte[] signing = Bytes.slice(bytes, 1 + X25519.KEY_LENGTH, Ed25519.KEY_LENGTH);
        if (!Ed25519.isValidPublicKey(signing)) throw new InvalidKeyException("identity signing key is not a valid Ed25519 key");
        return new IdentityKey(Bytes.slice(bytes, 1, X25519.KEY_LENGTH), signing);
    }

    /** Checks an Ed25519 signature made by this identity; false for any malformed input. */
    public boolean verify(byte[] message, byte[] signature) {
        return Ed25519.verify(signingKey, message, signature);
    }

    /** Lower-case hex SHA-256 of {@link #serialize()}: a short, public identifier of this key. */
    public String fingerprintHex() {
        return Bytes.hex(Sha.sha256(serialize()));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IdentityKey k && Arrays.equals(agreementKey, k.agreementKey)
                && Arrays.equals(signingKey, k.signingKey);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(agreementKey) + Arrays.hashCode(signingKey);
    }

    @Override
    public String toString() {
        return "IdentityKey[" + fingerprintHex().substring(0, 16) + "]";
    }
}
