package dev.parley.crypto.identity;

import dev.parley.crypto.InvalidKeyException;
import dev.parley.crypto.internal.Bytes;
import dev.parley.crypto.internal.Ed25519;
import dev.parley.crypto.internal.X25519KeyPair;
import java.security.SecureRandom;

/**
 * The local user's identity: the X25519 and Ed25519 private keys with their {@link IdentityKey}.
 * Private bytes leave only through {@link #serializeForLocalStorage()}; {@link #toString()} redacts.
 */
public final class IdentityKeyPair {
    private static final int VERSION = 1;
    private static final int STORED_LENGTH = 1 + 32 + 32;
    private final X25519KeyPair agreement;
    private final byte[] signingSeed;
    private final IdentityKey publicKey;

    private IdentityKeyPair(X25519KeyPair agreement, byte[] signingSeed) {
        this.agreement = agreement;
        this.signingSeed = signingSeed;
        this.publicKey = new IdentityKey(agreement.publicKey(), Ed25519.publicFromSeed(signingSeed));
    }

    public static IdentityKeyPair generate() {
        return generate(new SecureRandom());
    }

    public static IdentityKeyPair generate(SecureRandom random) {
        return new IdentityKeyPair(X25519KeyPair.generate(random), Ed25519.generateSeed(random));
    }

    public IdentityKey publicKey() {
        return publicKey;
    }

    /** X25519 with this identity's agreement key (used by X3DH). */
    public byte[] agree(byte[] peerPublic) throws InvalidKeyException {
        return agreement.agree(peerPublic);
    }

    /** An Ed25519 signature by this identity's signing key. */
    public byte[] sign(byte[] message) {
        return Ed25519.sign(signingSeed, message);
    }

    /** {@code 0x01 ‖ x25519 private(32) ‖ ed25519 seed(32)}: secret, for the owner's encrypted storage only. */
    public byte[] serializeForLocalStorage() {
        return Bytes.concat(new byte[] {VERSION}, agreement.privateKeyBytes(), signingSeed);
    }

    public static IdentityKeyPair deserializeFromLocalStorage(byte[] bytes) throws InvalidKeyException {
        if (bytes == null || bytes.length != STORED_LENGTH) throw new InvalidKeyException("stored identity must be 65 bytes");
        if (bytes[0] != VERSION) throw new InvalidKeyException("unknown stored identity version " + bytes[0]);
        return new IdentityKeyPair(X25519KeyPair.fromPrivate(Bytes.slice(bytes, 1, 32)), Bytes.slice(bytes, 33, 32));
    }

    @Override
    public String toString() {
        return "IdentityKeyPair[public=" + publicKey + ", private=<redacted>]";
    }
}
