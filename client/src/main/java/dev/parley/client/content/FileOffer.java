package dev.parley.client.content;

import java.util.Arrays;
import java.util.Objects;

/**
 * A file sent to a person or a group: where its ciphertext waits on the server (blob id), the key
 * that opens it, the SHA-256 of the whole ciphertext, both sizes, the name the sender gave it and its
 * media type. Travels inside the pairwise or group ciphertext like any message, so the server never
 * sees the key, the name or the type. The name and type come from the sender and are untrusted: a
 * receiver reduces the name to a safe base name before it touches the disk.
 *
 * <p>A file is announced as soon as its upload starts, so recipients can download while it uploads;
 * then {@code digest} is empty and a {@link FileDone} from the same sender brings it once the upload
 * finished. Nothing is saved under the file's name before the digest has arrived and matched.
 *
 * @param fileKey the crypto module's serialized {@code FileKey} (33 bytes)
 * @param digest  SHA-256 of the whole ciphertext (32 bytes), or empty when a {@link FileDone} follows
 */
public record FileOffer(String blobId, byte[] fileKey, byte[] digest, long ciphertextSize, long plaintextSize,
                        String name, String mediaType, long sentAtMillis) implements Content {

    /** Longest name carried, in UTF-8 bytes (receivers shorten further). */
    public static final int MAX_NAME_BYTES = 1024;
    public static final int MAX_MEDIA_TYPE_BYTES = 255;
    public static final int MAX_BLOB_ID_BYTES = 64;

    public FileOffer {
        Objects.requireNonNull(blobId, "blobId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mediaType, "mediaType");
        fileKey = fileKey.clone();
        digest = digest.clone();
    }

    @Override
    public byte[] fileKey() {
        return fileKey.clone();
    }

    @Override
    public byte[] digest() {
        return digest.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FileOffer that && blobId.equals(that.blobId) && Arrays.equals(fileKey, that.fileKey)
                && Arrays.equals(digest, that.digest) && ciphertextSize == that.ciphertextSize
                && plaintextSize == that.plaintextSize && name.equals(that.name) && mediaType.equals(that.mediaType)
                && sentAtMillis == that.sentAtMillis;
    }

    @Override
    public int hashCode() {
        return Objects.hash(blobId, Arrays.hashCode(digest), plaintextSize, name);
    }

    @Override
    public String toString() {
        return "FileOffer[blob=" + blobId + ", size=" + plaintextSize + ", type=" + mediaType + ", key=<redacted>]";
    }
}
