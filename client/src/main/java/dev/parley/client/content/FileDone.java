package dev.parley.client.content;

import java.util.Arrays;
import java.util.Objects;

/**
 * The second message of a file sent while it uploads: the upload of {@code blobId} finished and the
 * SHA-256 of its whole ciphertext is {@code digest}; or it failed ({@code digest} empty) for the
 * reason given. A receiver applies it only to a file the same sender offered.
 */
public record FileDone(String blobId, byte[] digest, String failure) implements Content {

    public static final int MAX_FAILURE_BYTES = 1024;

    public FileDone {
        Objects.requireNonNull(blobId, "blobId");
        Objects.requireNonNull(failure, "failure");
        digest = digest.clone();
    }

    public static FileDone completed(String blobId, byte[] digest) {
        return new FileDone(blobId, digest, "");
    }

    public static FileDone failed(String blobId, String reason) {
        return new FileDone(blobId, new byte[0], reason.isEmpty() ? "the upload failed" : reason);
    }

    public boolean ok() {
        return failure.isEmpty();
    }

    @Override
    public byte[] digest() {
        return digest.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FileDone that && blobId.equals(that.blobId) && Arrays.equals(digest, that.digest)
                && failure.equals(that.failure);
    }

    @Override
    public int hashCode() {
        return Objects.hash(blobId, Arrays.hashCode(digest), failure);
    }
}
