package dev.parley.crypto.file;

import dev.parley.crypto.internal.Bytes;

/**
 * What the sender puts in the message next to the {@link FileKey}: the plaintext and ciphertext
 * lengths and the SHA-256 digest of the whole ciphertext (header and every chunk, in order).
 */
public record EncryptedFileInfo(long plaintextLength, long ciphertextLength, byte[] sha256) {
    public EncryptedFileInfo {
        if (sha256 == null || sha256.length != 32) throw new IllegalArgumentException("digest must be 32 bytes");
        if (ciphertextLength != FileFormat.ciphertextLength(plaintextLength)) {
            throw new IllegalArgumentException("lengths do not match the file format");
        }
        sha256 = sha256.clone();
    }

    @Override
    public byte[] sha256() {
        return sha256.clone();
    }

    public String sha256Hex() {
        return Bytes.hex(sha256);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EncryptedFileInfo i && i.plaintextLength == plaintextLength
                && i.ciphertextLength == ciphertextLength && java.util.Arrays.equals(i.sha256, sha256);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(sha256);
    }

    @Override
    public String toString() {
        return "EncryptedFileInfo[plaintext=" + plaintextLength + ", ciphertext=" + ciphertextLength + ", sha256=" + sha256Hex() + "]";
    }
}
