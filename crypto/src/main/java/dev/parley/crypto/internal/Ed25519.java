package dev.parley.crypto.internal;

import java.security.SecureRandom;

/**
 * Ed25519 (RFC 8032) on raw keys: a 32-byte seed as private key, the 32-byte encoded point as
 * public key. Backed by BouncyCastle's implementation because the JDK's measured about ten times
 * slower here (1,000-2,000 signatures/s against 10,000-21,000; see docs/benchmarks.md); the tests
 * check it against the RFC vectors and against the JDK's Ed25519 on random keys and messages.
 */
public final class Ed25519 {
    public static final int KEY_LENGTH = 32;
    public static final int SIGNATURE_LENGTH = 64;

    static {
        org.bouncycastle.math.ec.rfc8032.Ed25519.precompute();
    }

    private Ed25519() {}

    public static byte[] generateSeed(SecureRandom random) {
        byte[] seed = new byte[KEY_LENGTH];
        random.nextBytes(seed);
        return seed;
    }

    public static byte[] publicFromSeed(byte[] seed) {
        if (seed.length != KEY_LENGTH) throw new IllegalArgumentException("Ed25519 seeds are 32 bytes");
        byte[] pub = new byte[KEY_LENGTH];
        org.bouncycastle.math.ec.rfc8032.Ed25519.generatePublicKey(seed, 0, pub, 0);
        return pub;
    }

    public static byte[] sign(byte[] seed, byte[] message) {
        if (seed.length != KEY_LENGTH) throw new IllegalArgumentException("Ed25519 seeds are 32 bytes");
        byte[] sig = new byte[SIGNATURE_LENGTH];
        org.bouncycastle.math.ec.rfc8032.Ed25519.sign(seed, 0, message, 0, message.length, sig, 0);
        return sig;
    }

    /** False for a bad signature and for any malformed key or signature; never throws. */
    public static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
        if (publicKey == null || publicKey.length != KEY_LENGTH || signature == null
                || signature.length != SIGNATURE_LENGTH || message == null) return false;
        try {
            return org.bouncycastle.math.ec.rfc8032.Ed25519.verify(signature, 0, publicKey, 0, message, 0, message.length);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** True if the bytes are a canonical encoding of a point of the prime-order subgroup. */
    public static boolean isValidPublicKey(byte[] publicKey) {
        if (publicKey == null || publicKey.length != KEY_LENGTH) return false;
        try {
            return org.bouncycastle.math.ec.rfc8032.Ed25519.validatePublicKeyFull(publicKey, 0);
        } catch (RuntimeException e) {
            return false;
        }
    }
}
