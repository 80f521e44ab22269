package dev.parley.crypto.file;

import dev.parley.crypto.InvalidMessageException;
import dev.parley.crypto.internal.Bytes;
import dev.parley.crypto.internal.Sha;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.concurrent.Executor;

/**
 * Decrypts a file chunk by chunk (see {@link FileFormat}). Every chunk is authenticated before it
 * is decrypted and is bound to its index and to whether it is the last, so truncation, extension,
 * reordering, swapping and duplication of chunks are all detected. The streaming form also checks
 * the digest and lengths from {@link EncryptedFileInfo} at the end; on any exception the caller must
 * discard what was written. To check a download before decrypting anything, compare
 * {@link #digest(InputStream)} with {@link EncryptedFileInfo#sha256()} first.
 */
public final class FileDecryptor {
    private final FileKey key;

    public FileDecryptor(FileKey key) {
        this.key = key;
    }

    /** Decrypts chunk {@code index}; {@code last} must say whether it is the file's final chunk. */
    public byte[] decryptChunk(long index, byte[] encrypted, int off, int len, boolean last) throws InvalidMessageException {
        if (index < 0 || off < 0 || len < 0 || off > encrypted.length - len) throw new InvalidMessageException("chunk out of range");
        return ChunkCipher.open(key, index, last, encrypted, off, len);
    }

    /** Checks the one-byte header that starts every encrypted file. */
    public static void checkHeader(byte[] header) throws InvalidMessageException {
        if (header == null || header.length != FileFormat.HEADER_SIZE || header[0] != FileFormat.VERSION) {
            throw new InvalidMessageException("not an encrypted file of a known version");
        }
    }

    public long decrypt(InputStream in, OutputStream out, EncryptedFileInfo expected) throws IOException, InvalidMessageException {
        return decrypt(in, out, expected, Runnable::run, 1);
    }

    /**
     * Streams the ciphertext in {@code in} to the plaintext in {@code out}, opening up to
     * {@code parallelism} chunks at once on {@code executor}; returns the plaintext length.
     * {@code expected} may be null to skip the whole-file digest check (the chunk checks remain).
     */
    public long decrypt(InputStream in, OutputStream out, EncryptedFileInfo expected, Executor executor, int parallelism)
            throws IOException, InvalidMessageException {
        MessageDigest sha = Sha.sha256();
        long[] plain = {0};
        OrderedPipeline pipeline = new OrderedPipeline(executor, parallelism, chunk -> {
            out.write(chunk);
            plain[0] += chunk.length;
        });
        byte[] header = in.readNBytes(FileFormat.HEADER_SIZE);
        checkHeader(header);
        sha.update(header);
        long read = header.length;
        byte[] current = in.readNBytes(FileFormat.ENCRYPTED_CHUNK_SIZE);
        for (long index = 0; ; index++) {
            byte[] next = current.length == FileFormat.ENCRYPTED_CHUNK_SIZE
                    ? in.readNBytes(FileFormat.ENCRYPTED_CHUNK_SIZE) : new byte[0];
            boolean last = next.length == 0;
            byte[] chunk = current;
            long i = index;
            sha.update(chunk);
            read += chunk.length;
            pipeline.submit(() -> ChunkCipher.open(key, i, last, chunk, 0, chunk.length));
            if (last) break;
            current = next;
        }
        pipeline.finish();
        if (expected != null && (read != expected.ciphertextLength() || plain[0] != expected.plaintextLength()
                || !Bytes.equal(sha.digest(), expected.sha256()))) {
            throw new InvalidMessageException("file does not match its digest");
        }
        return plain[0];
    }

    /** SHA-256 of everything in {@code in}: compare with {@link EncryptedFileInfo#sha256()} before decrypting. */
    public static byte[] digest(InputStream in) throws IOException {
        MessageDigest sha = Sha.sha256();
        byte[] buf = new byte[FileFormat.ENCRYPTED_CHUNK_SIZE];
        for (int n; (n = in.read(buf)) > 0; ) sha.update(buf, 0, n);
        return sha.digest();
    }

    @Override
    public String toString() {
        return "FileDecryptor[key=<redacted>]";
    }
}
