package dev.parley.crypto.internal;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPublicKey;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;

/** The JDK's Ed25519, kept as an independent oracle for the BouncyCastle-backed {@link Ed25519} the module uses. */
public final class JdkEd25519 {
    public static final int KEY_LENGTH = 32;
    public static final int SIGNATURE_LENGTH = 64;

    private record Tools(KeyFactory factory, Signature signature) {}

    private static final ThreadLocal<Tools> TOOLS = ThreadLocal.withInitial(() -> {
        try {
            return new Tools(KeyFactory.getInstance("Ed25519"), Signature.getInstance("Ed25519"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks Ed25519", e);
        }
    });

    private JdkEd25519() {}

    public static byte[] generateSeed(SecureRandom random) {
        byte[] seed = new byte[KEY_LENGTH];
        random.nextBytes(seed);
        return seed;
    }

    /** The public key of a seed (the JDK generator reads exactly the 32 seed bytes from its random source). */
    public static byte[] publicFromSeed(byte[] seed) {
        if (seed.length != KEY_LENGTH) throw new IllegalArgumentException("Ed25519 seeds are 32 bytes");
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
            g.initialize(NamedParameterSpec.ED25519, new FixedRandom(seed));
            EdECPoint p = ((EdECPublicKey) g.generateKeyPair().getPublic()).getPoint();
            return encode(p);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 key derivation failed", e);
        }
    }

    public static byte[] sign(byte[] seed, byte[] message) {
        Tools t = TOOLS.get();
        try {
            var priv = t.factory().generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed));
            t.signature().initSign(priv);
            t.signature().update(message);
            return t.signature().sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    /** False for a bad signature and for any malformed key or signature; never throws. */
    public static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
        if (publicKey == null || publicKey.length != KEY_LENGTH || signature == null
                || signature.length != SIGNATURE_LENGTH) return false;
        Tools t = TOOLS.get();
        try {
            var pub = t.factory().generatePublic(new EdECPublicKeySpec(NamedParameterSpec.ED25519, decode(publicKey)));
            t.signature().initVerify(pub);
            t.signature().update(message);
            return t.signature().verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static EdECPoint decode(byte[] enc) {
        byte[] be = new byte[KEY_LENGTH];
        for (int i = 0; i < KEY_LENGTH; i++) be[i] = enc[KEY_LENGTH - 1 - i];
        boolean xOdd = (be[0] & 0x80) != 0;
        be[0] &= 0x7f;
        return new EdECPoint(xOdd, new BigInteger(1, be));
    }

    private static byte[] encode(EdECPoint p) {
        byte[] be = p.getY().toByteArray();
        byte[] le = new byte[KEY_LENGTH];
        for (int i = 0; i < be.length && i < KEY_LENGTH; i++) le[i] = be[be.length - 1 - i];
        if (p.isXOdd()) le[KEY_LENGTH - 1] |= (byte) 0x80;
        return le;
    }

    /** A SecureRandom that hands out fixed bytes once; only for deriving a public key from a known seed. */
    private static final class FixedRandom extends SecureRandom {
        private static final long serialVersionUID = 1L;
        private final byte[] bytes;

        FixedRandom(byte[] bytes) {
            this.bytes = bytes.clone();
        }

        @Override
        public void nextBytes(byte[] out) {
            if (out.length != bytes.length) throw new IllegalStateException("unexpected request for " + out.length + " bytes");
            System.arraycopy(bytes, 0, out, 0, out.length);
        }
    }
}
