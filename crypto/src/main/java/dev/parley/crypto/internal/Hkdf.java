package dev.parley.crypto.internal;

import java.security.GeneralSecurityException;
import javax.crypto.KDF;
import javax.crypto.spec.HKDFParameterSpec;

/** HKDF-SHA256 (RFC 5869) through the JDK's {@code javax.crypto.KDF}. */
public final class Hkdf {
    private static final ThreadLocal<KDF> KDFS = ThreadLocal.withInitial(() -> {
        try {
            return KDF.getInstance("HKDF-SHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks HKDF-SHA256", e);
        }
    });

    private Hkdf() {}

    /**
     * Extract-then-expand. An empty or null salt means HashLen zero bytes, as in RFC 5869.
     * {@code ikm} must not be empty.
     */
    public static byte[] derive(byte[] salt, byte[] ikm, byte[] info, int length) {
        if (ikm.length == 0) throw new IllegalArgumentException("empty input keying material");
        var builder = HKDFParameterSpec.ofExtract().addIKM(ikm);
        if (salt != null && salt.length > 0) builder.addSalt(salt);
        try {
            return KDFS.get().deriveData(builder.thenExpand(info, length));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HKDF failed", e);
        }
    }
}
