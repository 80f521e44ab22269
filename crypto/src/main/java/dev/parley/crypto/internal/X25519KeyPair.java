package dev.parley.crypto.internal;

import dev.parley.crypto.InvalidKeyException;
import java.security.SecureRandom;
import java.util.Arrays;

/** An X25519 key pair. The private half never leaves except through {@link #privateKeyBytes()} (for serialisation). */
public final class X25519KeyPair {
    private final byte[] privateKey;
    private final byte[] publicKey;

    private X25519KeyPair(byte[] privateKey, byte[] publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    public static X25519KeyPair generate(SecureRandom random) {
        return fromPrivate(X25519.generatePrivate(random));
    }

    public static X25519KeyPair fromPrivate(byte[] privateKey) {
        if (privateKey.length != X25519.KEY_LENGTH) throw new IllegalArgumentException("X25519 keys are 32 bytes");
        byte[] priv = privateKey.clone();
        return new X25519KeyPair(priv, X25519.publicFromPrivate(priv));
    }

    /** Rebuilds a stored pair without recomputing the public key; the caller vouches they match. */
    public static X25519KeyPair trusted(byte[] privateKey, byte[] publicKey) {
        if (privateKey.length != X25519.KEY_LENGTH || publicKey.length != X25519.KEY_LENGTH) {
            throw new IllegalArgumentException("X25519 keys are 32 bytes");
        }
        return new X25519KeyPair(privateKey.clone(), publicKey.clone());
    }

    public byte[] publicKey() {
        return publicKey.clone();
    }

    public byte[] agree(byte[] peerPublic) throws InvalidKeyException {
        return X25519.agree(privateKey, peerPublic);
    }

    /** For serialising the pair into a record; never log the result. */
    public byte[] privateKeyBytes() {
        return privateKey.clone();
    }

    public boolean samePublicKey(byte[] other) {
        return Arrays.equals(publicKey, other);
    }

    @Override
    public String toString() {
        return "X25519KeyPair[public=" + Bytes.hex(publicKey) + ", private=<redacted>]";
    }
}
