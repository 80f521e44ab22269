package dev.parley.crypto.fingerprint;

import dev.parley.crypto.identity.IdentityKey;
import dev.parley.crypto.internal.Bytes;
import dev.parley.crypto.internal.Sha;
import java.security.MessageDigest;

/**
 * A 60-digit safety number for two users, computed as Signal's numeric fingerprint: for each
 * side, {@code h = version(2) ‖ key ‖ userId}, then 5200 times {@code h = SHA-512(h ‖ key)}; the
 * first 30 bytes give six 5-digit groups (each 5 bytes big-endian mod 100000). The two 30-digit
 * halves are ordered so both users see the same 60 digits. {@code key} is
 * {@link IdentityKey#serialize()}, so the numbers differ from Signal's for the same person.
 */
public record SafetyNumber(String digits) {
    public static final int ITERATIONS = 5200;
    private static final byte[] VERSION = {0, 0};

    public SafetyNumber {
        if (digits == null || !digits.matches("[0-9]{60}")) throw new IllegalArgumentException("a safety number is 60 digits");
    }

    public static SafetyNumber of(String localUser, IdentityKey local, String remoteUser, IdentityKey remote) {
        String mine = half(localUser, local);
        String theirs = half(remoteUser, remote);
        return new SafetyNumber(mine.compareTo(theirs) <= 0 ? mine + theirs : theirs + mine);
    }

    private static String half(String user, IdentityKey key) {
        byte[] keyBytes = key.serialize();
        MessageDigest sha512 = Sha.sha512();
        byte[] hash = Bytes.concat(VERSION, keyBytes, Bytes.utf8(user));
        for (int i = 0; i < ITERATIONS; i++) {
            sha512.update(hash);
            hash = sha512.digest(keyBytes);
        }
        StringBuilder sb = new StringBuilder(30);
        for (int chunk = 0; chunk < 6; chunk++) {
            long v = 0;
            for (int i = 0; i < 5; i++) v = (v << 8) | (hash[chunk * 5 + i] & 0xff);
            sb.append(String.format("%05d", v % 100000));
        }
        return sb.toString();
    }

    /** Twelve groups of five digits separated by spaces, as shown to users. */
    public String displayText() {
        StringBuilder sb = new StringBuilder(71);
        for (int i = 0; i < 60; i += 5) {
            if (i > 0) sb.append(' ');
            sb.append(digits, i, i + 5);
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return displayText();
    }
}
