package dev.parley.crypto.file;

/**
 * Layout of an encrypted file: a one-byte header (the format version), then chunk 0, 1, ... Each
 * chunk holds {@link #CHUNK_SIZE} plaintext bytes, except the last, which holds 0 to
 * {@code CHUNK_SIZE} (an empty file is one empty last chunk). An encrypted chunk is
 * {@code 3DES-CBC(PKCS#7(plaintext)) ‖ HMAC tag(32)}, so a full one is {@link #ENCRYPTED_CHUNK_SIZE}
 * bytes and chunk {@code i} starts at {@link #ciphertextOffset}(i): any chunk can be fetched,
 * encrypted or decrypted on its own.
 */
public final class FileFormat {
    public static final int VERSION = 1;
    public static final int HEADER_SIZE = 1;
    /** Plaintext bytes per chunk: 64 KiB = 8192 Triple DES blocks per chunk key. */
    public static final int CHUNK_SIZE = 64 * 1024;
    public static final int TAG_SIZE = 32;
    /** A full chunk on the wire: plaintext, one block of PKCS#7 padding, tag. */
    public static final int ENCRYPTED_CHUNK_SIZE = CHUNK_SIZE + 8 + TAG_SIZE;

    private FileFormat() {}

    public static long chunkCount(long plaintextLength) {
        checkLength(plaintextLength);
        return plaintextLength == 0 ? 1 : (plaintextLength + CHUNK_SIZE - 1) / CHUNK_SIZE;
    }

    /** Total ciphertext bytes for a file of {@code plaintextLength} bytes, header included. */
    public static long ciphertextLength(long plaintextLength) {
        long chunks = chunkCount(plaintextLength);
        long lastPlain = plaintextLength - (chunks - 1) * CHUNK_SIZE;
        return HEADER_SIZE + (chunks - 1) * ENCRYPTED_CHUNK_SIZE + encryptedChunkLength((int) lastPlain);
    }

    /** Ciphertext bytes of a chunk holding {@code plaintextLength} bytes. */
    public static int encryptedChunkLength(int plaintextLength) {
        if (plaintextLength < 0 || plaintextLength > CHUNK_SIZE) throw new IllegalArgumentException("chunk length out of range");
        return (plaintextLength / 8 + 1) * 8 + TAG_SIZE;
    }

    /** Where chunk {@code index} starts in the ciphertext. */
    public static long ciphertextOffset(long index) {
        if (index < 0) throw new IllegalArgumentException("negative chunk index");
        return HEADER_SIZE + index * ENCRYPTED_CHUNK_SIZE;
    }

    /** Where chunk {@code index} starts in the plaintext. */
    public static long plaintextOffset(long index) {
        if (index < 0) throw new IllegalArgumentException("negative chunk index");
        return index * CHUNK_SIZE;
    }

    public static byte[] header() {
        return new byte[] {VERSION};
    }

    private static void checkLength(long n) {
        if (n < 0) throw new IllegalArgumentException("negative length");
    }
}
