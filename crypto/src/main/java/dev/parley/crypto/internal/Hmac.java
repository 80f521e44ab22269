package dev.parley.crypto.internal;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256, one cached {@link Mac} per thread. Tags are always the full 32 bytes. */
public final class Hmac {
    public static final int TAG_LENGTH = 32;
    private static final ThreadLocal<Mac> MACS = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks HmacSHA256", e);
        }
    });

    private Hmac() {}

    /** A MAC ready for {@code update}; valid until the next call on this thread. */
    public static Mac keyed(byte[] key) {
        Mac mac = MACS.get();
        try {
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC key rejected", e);
        }
        return mac;
    }

    public static byte[] mac(byte[] key, byte[]... parts) {
        Mac mac = keyed(key);
        for (byte[] p : parts) mac.update(p);
        return mac.doFinal();
    }
}
