package dev.parley.crypto.file;

import static dev.parley.crypto.file.FileFormat.CHUNK_SIZE;
import static dev.parley.crypto.file.FileFormat.ENCRYPTED_CHUNK_SIZE;
import static dev.parley.crypto.file.FileFormat.HEADER_SIZE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.crypto.InvalidMessageException;
import dev.parley.crypto.testing.TestRandom;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class FileCipherTest {
    private static final ExecutorService POOL = Executors.newFixedThreadPool(2);
    private final FileKey key = FileKey.generate(TestRandom.seeded(1));
    private final byte[] plaintext = random(3 * CHUNK_SIZE + 100);

    @AfterAll
    static void stopPool() {
        POOL.shutdownNow();
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        TestRandom.seeded(n).nextBytes(b);
        return b;
    }

    private record Encrypted(byte[] bytes, EncryptedFileInfo info) {}

    private Encrypted encrypt(byte[] data, int threads) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EncryptedFileInfo info = threads == 1 ? new FileEncryptor(key).encrypt(new ByteArrayInputStream(data), out)
                : new FileEncryptor(key).encrypt(new ByteArrayInputStream(data), out, POOL, threads);
        return new Encrypted(out.toByteArray(), info);
    }

    private byte[] decrypt(byte[] ciphertext, EncryptedFileInfo info) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new FileDecryptor(key).decrypt(new ByteArrayInputStream(ciphertext), out, info);
        return out.toByteArray();
    }

    @Test
    void filesOfEverySizeAroundTheChunkBoundariesRoundTrip() throws Exception {
        for (int n : new int[] {0, 1, 7, 8, 9, CHUNK_SIZE - 1, CHUNK_SIZE, CHUNK_SIZE + 1, 2 * CHUNK_SIZE, 2 * CHUNK_SIZE + 9}) {
            byte[] data = random(n);
            Encrypted e = encrypt(data, 1);
            assertThat((long) e.bytes().length).as("size %d", n).isEqualTo(FileFormat.ciphertextLength(n));
            assertThat(e.info().plaintextLength()).isEqualTo(n);
            assertThat(decrypt(e.bytes(), e.info())).as("size %d", n).isEqualTo(data);
        }
    }

    @Test
    void parallelEncryptionProducesTheSameBytesAsSequential() throws Exception {
        Encrypted one = encrypt(plaintext, 1);
        Encrypted two = encrypt(plaintext, 2);
        assertThat(two.bytes()).isEqualTo(one.bytes());
        assertThat(two.info()).isEqualTo(one.info());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new FileDecryptor(key).decrypt(new ByteArrayInputStream(one.bytes()), out, one.info(), POOL, 2);
        assertThat(out.toByteArray()).isEqualTo(plaintext);
    }

    @Test
    void anyChunkCanBeEncryptedOrDecryptedOnItsOwnToResume() throws Exception {
        Encrypted e = encrypt(plaintext, 1);
        long chunks = FileFormat.chunkCount(plaintext.length);
        for (long i = 0; i < chunks; i++) {
            boolean last = i == chunks - 1;
            int off = (int) FileFormat.plaintextOffset(i);
            int len = Math.min(CHUNK_SIZE, plaintext.length - off);
            byte[] chunk = new FileEncryptor(key).encryptChunk(i, plaintext, off, len, last);
            int at = (int) FileFormat.ciphertextOffset(i);
            assertThat(chunk).isEqualTo(Arrays.copyOfRange(e.bytes(), at, at + chunk.length));
            assertThat(new FileDecryptor(key).decryptChunk(i, e.bytes(), at, chunk.length, last))
                    .isEqualTo(Arrays.copyOfRange(plaintext, off, off + len));
        }
    }

    @Test
    void theDigestCanBeCheckedBeforeDecrypting() throws Exception {
        Encrypted e = encrypt(plaintext, 1);
        assertThat(FileDecryptor.digest(new ByteArrayInputStream(e.bytes()))).isEqualTo(e.info().sha256());
    }

    private byte[] chunk(byte[] ct, int i) {
        int at = (int) FileFormat.ciphertextOffset(i);
        return Arrays.copyOfRange(ct, at, Math.min(ct.length, at + ENCRYPTED_CHUNK_SIZE));
    }

    private static byte[] join(byte[]... parts) {
        return dev.parley.crypto.internal.Bytes.concat(parts);
    }

    @Test
    void truncationReorderingSwappingDuplicationAndExtensionAreAllDetectedEvenWithoutTheDigest() throws Exception {
        byte[] ct = encrypt(plaintext, 1).bytes();
        byte[] h = Arrays.copyOf(ct, HEADER_SIZE);
        byte[] c0 = chunk(ct, 0), c1 = chunk(ct, 1), c2 = chunk(ct, 2), c3 = chunk(ct, 3);
        byte[][] attacks = {
            join(h, c0, c1, c2),                // last chunk dropped at a chunk boundary
            join(h, c0, c1, c2, Arrays.copyOf(c3, c3.length - 8)),  // cut inside the last chunk
            join(h, c1, c0, c2, c3),            // reordered
            join(h, c0, c2, c1, c3),            // swapped
            join(h, c0, c0, c1, c2, c3),        // duplicated
            join(h, c0, c1, c2, c3, c3),        // last chunk repeated after the end
            join(h, c0, c1, c2, c3, new byte[1]),  // one byte appended
            join(new byte[] {2}, c0, c1, c2, c3),  // unknown version
            h,                                  // header only
            new byte[0],
        };
        for (int a = 0; a < attacks.length; a++) {
            byte[] attack = attacks[a];
            assertThatThrownBy(() -> decrypt(attack, null)).as("attack %d", a).isInstanceOf(InvalidMessageException.class);
        }
    }

    @Test
    void aFlippedByteAWrongDigestOrAWrongKeyIsDetected() throws Exception {
        Encrypted e = encrypt(random(1000), 1);
        for (int i = 0; i < e.bytes().length; i += 7) {
            byte[] t = e.bytes().clone();
            t[i] ^= 1;
            assertThatThrownBy(() -> decrypt(t, null)).isInstanceOf(InvalidMessageException.class);
        }
        byte[] digest = e.info().sha256();
        digest[0] ^= 1;
        var wrongDigest = new EncryptedFileInfo(e.info().plaintextLength(), e.info().ciphertextLength(), digest);
        assertThatThrownBy(() -> decrypt(e.bytes(), wrongDigest)).isInstanceOf(InvalidMessageException.class);
        FileDecryptor other = new FileDecryptor(FileKey.generate(TestRandom.seeded(2)));
        assertThatThrownBy(() -> other.decrypt(new ByteArrayInputStream(e.bytes()), new ByteArrayOutputStream(), null))
                .isInstanceOf(InvalidMessageException.class);
    }

    @Test
    void fileKeysRoundTripAndNeverPrintThemselves() throws Exception {
        assertThat(FileKey.deserialize(key.serialize())).isEqualTo(key);
        assertThat(key.toString()).doesNotContain(dev.parley.crypto.internal.Bytes.hex(key.serialize()).substring(2, 12));
        assertThatThrownBy(() -> FileKey.deserialize(new byte[32])).isInstanceOf(dev.parley.crypto.InvalidKeyException.class);
    }

    @Test
    void ciphertextLengthFollowsTheLayout() {
        assertThat(FileFormat.ciphertextLength(0)).isEqualTo(1 + 8 + 32);
        assertThat(FileFormat.ciphertextLength(CHUNK_SIZE)).isEqualTo(1 + ENCRYPTED_CHUNK_SIZE);
        assertThat(FileFormat.ciphertextLength(CHUNK_SIZE + 1)).isEqualTo(1 + ENCRYPTED_CHUNK_SIZE + 8 + 32);
        assertThat(FileFormat.chunkCount(10L * CHUNK_SIZE)).isEqualTo(10);
    }
}
