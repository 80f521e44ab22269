package dev.parley.crypto.internal.des;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** The JDK's {@code DESede/CBC/NoPadding}: the reference the fast engine is compared with, and a fallback. */
public final class JdkTripleDes implements TripleDesCbc {
    private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("DESede/CBC/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks DESede", e);
        }
    });
    private final SecretKeySpec key;

    public JdkTripleDes(byte[] key) {
        if (key.length != KEY_LENGTH) throw new IllegalArgumentException("Triple DES keys are 24 bytes");
        this.key = new SecretKeySpec(key, "DESede");
    }

    @Override
    public void encrypt(byte[] iv, byte[] in, int inOff, int len, byte[] out, int outOff) {
        run(Cipher.ENCRYPT_MODE, iv, in, inOff, len, out, outOff);
    }

    @Override
    public void decrypt(byte[] iv, byte[] in, int inOff, int len, byte[] out, int outOff) {
        run(Cipher.DECRYPT_MODE, iv, in, inOff, len, out, outOff);
    }

    private void run(int mode, byte[] iv, byte[] in, int inOff, int len, byte[] out, int outOff) {
        try {
            Cipher c = CIPHERS.get();
            c.init(mode, key, new IvParameterSpec(iv));
            c.doFinal(in, inOff, len, out, outOff);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("DESede failed", e);
        }
    }

    @Override
    public String toString() {
        return "JdkTripleDes[key=<redacted>]";
    }
}
