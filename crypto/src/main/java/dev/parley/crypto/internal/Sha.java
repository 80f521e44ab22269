package dev.parley.crypto.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 and SHA-512 digests. */
public final class Sha {
    private Sha() {}

    public static MessageDigest sha256() {
        return get("SHA-256");
    }

    public static MessageDigest sha512() {
        return get("SHA-512");
    }

    private static MessageDigest get(String name) {
        try {
            return MessageDigest.getInstance(name);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + name, e);
        }
    }

    public static byte[] sha256(byte[]... parts) {
        MessageDigest d = sha256();
        for (byte[] p : parts) d.update(p);
        return d.digest();
    }
}
