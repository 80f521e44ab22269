package dev.parley.server.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.server.blob.BlobStore.Chunk;
import dev.parley.server.blob.BlobStore.Outcome;
import dev.parley.server.blob.BlobStore.Problem;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The blob store on a real disk with its real SQLite index: appends, resume after reopening, deletion, expiry. */
class BlobStoreTest {
    @TempDir
    Path temp;

    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static final Runnable NO_CHECK = () -> { };

    @Test
    void chunksAppendInOrderAndTheStoredCountSurvivesReopening() throws IOException {
        byte[] content = bytes(300_000, 1);
        String id;
        try (BlobStore store = BlobStore.open(temp.resolve("blobs"))) {
            Blob blob = store.create(7, content.length, List.of(8L, 9L), 1_000, NO_CHECK);
            id = blob.id();
            assertThat(BlobStore.isId(id)).isTrue();
            assertThat(blob.stored()).isZero();
            List<Outcome> outcomes = store.append(blob, List.of(
                    new Chunk(0, Arrays.copyOfRange(content, 0, 100_000)),
                    new Chunk(100_000, Arrays.copyOfRange(content, 100_000, 200_000))));
            assertThat(outcomes).extracting(Outcome::storedAfter).containsExactly(100_000L, 200_000L);
            assertThat(blob.stored()).isEqualTo(200_000);
            assertThat(blob.complete()).isFalse();
        }
        try (BlobStore store = BlobStore.open(temp.resolve("blobs"))) {
            Blob blob = store.find(id).orElseThrow();
            assertThat(blob.stored()).isEqualTo(200_000);
            assertThat(blob.owner()).isEqualTo(7);
            assertThat(blob.recipients()).containsExactlyInAnyOrder(8L, 9L);
            store.append(blob, List.of(new Chunk(200_000, Arrays.copyOfRange(content, 200_000, 300_000))));
            assertThat(blob.complete()).isTrue();
            assertThat(Files.readAllBytes(store.file(blob))).isEqualTo(content);
            try (FileChannel channel = store.openForReading(blob)) {
                ByteBuffer into = ByteBuffer.allocate(10);
                assertThat(store.read(blob, channel, 150_000, into)).isEqualTo(10);
                assertThat(into.array()).isEqualTo(Arrays.copyOfRange(content, 150_000, 150_010));
            }
        }
    }

    @Test
    void aChunkAtTheWrongOffsetOrBeyondTheDeclaredSizeIsNotWritten() throws IOException {
        try (BlobStore store = BlobStore.open(temp.resolve("blobs"))) {
            Blob blob = store.create(1, 10, List.of(2L), 0, NO_CHECK);
            List<Outcome> outcomes = store.append(blob, List.of(
                    new Chunk(4, bytes(2, 2)),
                    new Chunk(0, bytes(6, 3)),
                    new Chunk(6, bytes(5, 4)),
                    new Chunk(6, bytes(4, 5))));
            assertThat(outcomes).extracting(Outcome::problem)
                    .containsExactly(Problem.WRONG_OFFSET, null, Problem.BEYOND_SIZE, null);
            assertThat(outcomes).extracting(Outcome::storedAfter).containsExactly(0L, 6L, 6L, 10L);
            assertThat(Files.size(store.file(blob))).isEqualTo(10);
            assertThat(store.append(blob, List.of(new Chunk(10, bytes(1, 6)))))
                    .extracting(Outcome::problem).containsExactly(Problem.BEYOND_SIZE);
        }
    }

    @Test
    void aBlobIsDeletedOnceEveryRecipientFetchedIt() throws IOException {
        try (BlobStore store = BlobStore.open(temp.resolve("blobs"))) {
            Blob blob = store.create(1, 3, List.of(2L, 3L), 0, NO_CHECK);
            store.append(blob, List.of(new Chunk(0, bytes(3, 1))));
            Path file = store.file(blob);
            assertThat(store.fetched(blob, 2)).isFalse();
            assertThat(store.fetched(blob, 99)).isFalse();
            assertThat(store.fetched(blob, 1)).isFalse();
            assertThat(file).exists();
            assertThat(store.usage(1)).containsExactly(3, 1);
            assertThat(store.fetched(blob, 3)).isTrue();
            assertThat(file).doesNotExist();
            assertThat(store.find(blob.id())).isEmpty();
            assertThat(store.usage(1)).containsExactly(0, 0);
            assertThat(store.append(blob, List.of(new Chunk(3, bytes(1, 1))))).extracting(Outcome::problem)
                    .containsExactly(Problem.GONE);
        }
    }

    @Test
    void whoFetchedIsRememberedAcrossRestarts() throws IOException {
        String id;
        try (BlobStore store = BlobStore.open(temp.resolve("blobs"))) {
            Blob blob = store.create(1, 3, List.of(2L, 3L), 0, NO_CHECK);
            id = blob.id();
            store.append(blob, List.of(new Chunk(0, bytes(3, 1))));
            store.fetched(blob, 2);
        }
        try (BlobStore store = BlobStore.open(temp.resolve("blobs"))) {
            Blob blob = store.find(id).orElseThrow();
            assertThat(store.fetched(blob, 3)).isTrue();
        }
    }

    @Test
    void blobsOlderThanTheCutoffExpire() throws IOException {
        try (BlobStore store = BlobStore.open(temp.resolve("blobs"))) {
            Blob old = store.create(1, 5, List.of(2L), 1_000, NO_CHECK);
            Blob recent = store.create(1, 5, List.of(2L), 5_000, NO_CHECK);
            assertThat(store.expire(2_000)).containsExactly(old);
            assertThat(store.file(old)).doesNotExist();
            assertThat(store.find(recent.id())).isPresent();
            assertThat(store.usage(1)).containsExactly(5, 1);
        }
    }

    @Test
    void orphanFilesAndRowsWithoutFilesAreCleanedUpAtStart() throws IOException {
        Path dir = temp.resolve("blobs");
        String kept;
        String lost;
        try (BlobStore store = BlobStore.open(dir)) {
            kept = store.create(1, 5, List.of(2L), 0, NO_CHECK).id();
            Blob vanishing = store.create(1, 5, List.of(2L), 0, NO_CHECK);
            lost = vanishing.id();
            Files.delete(store.file(vanishing));
        }
        Path orphan = dir.resolve("0123456789abcdef0123456789abcdef.blob");
        Files.write(orphan, new byte[] {1, 2, 3});
        try (BlobStore store = BlobStore.open(dir)) {
            assertThat(orphan).doesNotExist();
            assertThat(store.find(kept)).isPresent();
            assertThat(store.find(lost)).isEmpty();
            assertThat(store.usage(1)).containsExactly(5, 1);
        }
    }

    @Test
    void theCheckRunsUnderTheLockAndARefusalCreatesNothing() throws IOException {
        try (BlobStore store = BlobStore.open(temp.resolve("blobs"))) {
            assertThatThrownBy(() -> store.create(1, 5, List.of(2L), 0, () -> {
                throw new IllegalStateException("over quota");
            })).hasMessage("over quota");
            assertThat(store.all()).isEmpty();
            try (var files = Files.list(store.dir())) {
                assertThat(files.filter(p -> p.toString().endsWith(".blob"))).isEmpty();
            }
        }
    }

    @Test
    void idsAreCheckedBeforeTheyNameAFileAndTheFolderIsOwnerOnly() throws IOException {
        try (BlobStore store = BlobStore.open(temp.resolve("blobs"))) {
            assertThat(store.find("../../etc/passwd")).isEmpty();
            assertThat(store.find("0123456789ABCDEF0123456789abcdef")).isEmpty();
            assertThat(BlobStore.isId("0123456789abcdef0123456789abcdef")).isTrue();
            assertThat(Files.getPosixFilePermissions(store.dir()))
                    .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE));
            Blob blob = store.create(1, 1, List.of(2L), 0, NO_CHECK);
            assertThat(Files.getPosixFilePermissions(store.file(blob)))
                    .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
        }
    }
}
