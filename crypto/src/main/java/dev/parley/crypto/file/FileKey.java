package dev.parley.crypto.file;

import dev.parley.crypto.InvalidKeyException;
import dev.parley.crypto.internal.Bytes;
import java.security.SecureRandom;

/**
 * The random 32-byte key of one file. It travels inside an end-to-end encrypted message
 * ({@link #serialize()}: {@code 0x01 ‖ key(32)}) together with the ciphertext digest. Use a key for
 * one file only: chunk keys and IVs are derived from it deterministically.
 */
public final class FileKey {
    public static final int LENGTH = 32;
    private static final int VERSION = 1;
    private static final SecureRandom RANDOM = new SecureRandom();
    private final byte[] key;

    private FileKey(byte[] key) {
        this.key = key;
    }

    public static FileKey generate() {
        return generate(RANDOM);
    }

    public static FileKey generate(SecureRandom random) {
        byte[] k = new byte[LENGTH];
        random.nextBytes(k);
        return new FileKey(k);
    }

    public byte[] serialize() {
        return Bytes.concat(new byte[] {VERSION}, key);
    }

    public static FileKey deserialize(byte[] bytes) throws InvalidKeyException {
        if (bytes == null || bytes.length != 1 + LENGTH) throw new InvalidKeyException("file key must be 33 bytes");
        if (bytes[0] != VERSION) throw new InvalidKeyException("unknown file key version " + bytes[0]);
        return new FileKey(Bytes.slice(bytes, 1, LENGTH));
    }

    byte[] secret() {
        return key;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FileKey k && Bytes.equal(key, k.key);
    }

    @Override
    public int hashCode() {
        return 0;
    }

    @Override
    public String toString() {
        return "FileKey[<redacted>]";
    }
}
