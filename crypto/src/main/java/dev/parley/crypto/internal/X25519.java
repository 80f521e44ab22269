package dev.parley.crypto.internal;

import dev.parley.crypto.InvalidKeyException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.SecureRandom;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import javax.crypto.KeyAgreement;

/**
 * X25519 (RFC 7748) on raw 32-byte little-endian keys, backed by the JDK's XDH provider.
 * Agreement rejects an all-zero shared secret (a small-order public key).
 */
public final class X25519 {
    public static final int KEY_LENGTH = 32;
    private static final byte[] BASE_POINT = new byte[KEY_LENGTH];

    static {
        BASE_POINT[0] = 9;
    }

    private record Tools(KeyFactory factory, KeyAgreement agreement) {}

    private static final ThreadLocal<Tools> TOOLS = ThreadLocal.withInitial(() -> {
        try {
            return new Tools(KeyFactory.getInstance("XDH"), KeyAgreement.getInstance("X25519"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks X25519", e);
        }
    });

    private X25519() {}

    /** A fresh private key: 32 random bytes (clamped when used). */
    public static byte[] generatePrivate(SecureRandom random) {
        byte[] k = new byte[KEY_LENGTH];
        random.nextBytes(k);
        return k;
    }

    /** The public key {@code X25519(k, 9)}. */
    public static byte[] publicFromPrivate(byte[] privateKey) {
        try {
            return scalarMult(privateKey, BASE_POINT);
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("base point multiplication failed", e);
        }
    }

    /** The shared secret; throws if the peer's key is malformed or of small order. */
    public static byte[] agree(byte[] privateKey, byte[] peerPublic) throws InvalidKeyException {
        return scalarMult(privateKey, peerPublic);
    }

    /** The raw RFC 7748 function X25519(k, u). */
    public static byte[] scalarMult(byte[] k, byte[] u) throws InvalidKeyException {
        if (k.length != KEY_LENGTH || u.length != KEY_LENGTH) throw new InvalidKeyException("X25519 keys are 32 bytes");
        Tools t = TOOLS.get();
        try {
            var priv = t.factory().generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, k));
            var pub = t.factory().generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, decodeU(u)));
            t.agreement().init(priv);
            t.agreement().doPhase(pub, true);
            byte[] secret = t.agreement().generateSecret();
            if (Bytes.allZero(secret)) throw new InvalidKeyException("X25519 public key has small order");
            return secret;
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new InvalidKeyException("X25519 public key rejected", e);
        }
    }

    /** RFC 7748 decodeUCoordinate: little-endian, most significant bit masked. */
    private static BigInteger decodeU(byte[] u) {
        byte[] be = new byte[KEY_LENGTH];
        for (int i = 0; i < KEY_LENGTH; i++) be[i] = u[KEY_LENGTH - 1 - i];
        be[0] &= 0x7f;
        return new BigInteger(1, be);
    }
}
