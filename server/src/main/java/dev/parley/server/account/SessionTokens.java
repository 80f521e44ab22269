package dev.parley.server.account;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/** Session tokens: 32 random bytes given to the client once; the server keeps only their SHA-256. */
public final class SessionTokens {
    public static final int TOKEN_BYTES = 32;

    private final SecureRandom random;

    public SessionTokens(SecureRandom random) {
        this.random = random;
    }

    public byte[] newToken() {
        byte[] token = new byte[TOKEN_BYTES];
        random.nextBytes(token);
        return token;
    }

    public static byte[] hash(byte[] token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
