package dev.parley.client.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.client.ChatMessage;
import dev.parley.client.FileTransfer;
import dev.parley.client.ParleyClient;
import dev.parley.client.ParleyException;
import dev.parley.client.events.ClientEvent;
import dev.parley.client.events.ClientEvent.FileReceived;
import dev.parley.client.events.ClientEvent.FileSent;
import dev.parley.client.events.ClientEvent.TransferFailed;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Files between real clients through a real server: upload once, message with the key, download, verify, save. */
@Timeout(120)
class FilesTest extends RealServerTest {
    static final Duration WAIT = Duration.ofSeconds(30);


    Path file(String name, long size, long seed) throws IOException {
        Path file = dir.resolve("outgoing").resolve(name);
        Files.createDirectories(file.getParent());
        Random random = new Random(seed);
        byte[] buffer = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = size; left > 0; ) {
                random.nextBytes(buffer);
                int n = (int) Math.min(left, buffer.length);
                out.write(buffer, 0, n);
                left -= n;
            }
        }
        return file;
    }

    static String sha256(Path file) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (var in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    @Test
    void aFileArrivesByteIdenticalInTheDownloadsFolder() throws Exception {
        ParleyClient alice = signedUp("alice");
        ParleyClient bob = signedUp("bob");
        Path photo = file("photo.jpg", 300_000, 1);
        ChatMessage sent = alice.sendFile("bob", photo);
        assertThat(sent.text()).isEqualTo("📎 photo.jpg (300.0 kB, image/jpeg)");
        FileSent done = alice.events().await(FileSent.class, WAIT);
        assertThat(done.transfer().direction()).isEqualTo(FileTransfer.Direction.UPLOAD);
        FileReceived received = bob.events().await(FileReceived.class, WAIT);
        assertThat(received.file().sender()).isEqualTo("alice");
        assertThat(received.file().name()).isEqualTo("photo.jpg");
        assertThat(received.file().mediaType()).isEqualTo("image/jpeg");
        assertThat(received.file().size()).isEqualTo(300_000);
        assertThat(received.file().path()).isEqualTo(bob.downloadsFolder().toRealPath().resolve("photo.jpg"));
        assertThat(sha256(received.file().path())).isEqualTo(sha256(photo));
        assertThat(bob.history("alice", 5)).extracting(ChatMessage::text)
                .containsExactly("📎 photo.jpg (300.0 kB, image/jpeg) → " + received.file().path());
        try (var left = Files.list(bob.downloadsFolder())) {
            assertThat(left).containsExactly(received.file().path());
        }
    }

    @Test
    void aGroupFileIsUploadedOnceAndReachesEveryMember() throws Exception {
        ParleyClient alice = signedUp("alice");
        ParleyClient bob = signedUp("bob");
        ParleyClient carol = signedUp("carol");
        alice.createGroup("team");
        bob.joinGroup("team");
        carol.joinGroup("team");
        Path clip = file("clip.mp4", 1_000_003, 2);
        alice.sendGroupFile("team", clip);
        for (ParleyClient member : List.of(bob, carol)) {
            FileReceived received = member.events().await(FileReceived.class, WAIT);
            assertThat(received.file().group()).isEqualTo("team");
            assertThat(received.message().group()).isTrue();
            assertThat(sha256(received.file().path())).isEqualTo(sha256(clip));
        }
    }

    @Test
    void aFileOverTheCapIsRefusedBeforeAnyByteGoesUp() throws Exception {
        ParleyClient alice = signedUp("alice");
        signedUp("bob");
        Path huge = dir.resolve("huge.iso");
        try (var raf = new java.io.RandomAccessFile(huge.toFile(), "rw")) {
            raf.setLength(3L << 30);
        }
        long started = System.nanoTime();
        assertThatThrownBy(() -> alice.sendFile("bob", huge))
                .isInstanceOf(ParleyException.class)
                .hasMessage("huge.iso is 3.2 GB, too large to send: files may be at most 2 GiB");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        assertThat(alice.events().await(TransferFailed.class, WAIT).reason()).contains("too large");
    }

    @Test
    void aDownloadCutShortByClosingTheClientResumesFromItsPartialFile() throws Exception {
        ParleyClient alice = signedUp("alice");
        signedUp("bob").close();
        Path big = file("big.bin", 40L << 20, 4);
        alice.sendFile("bob", big);
        assertThat(alice.awaitOutboxEmpty(WAIT)).isTrue();
        ParleyClient bob = reopen("bob");
        bob.events().await(ClientEvent.TransferProgress.class, e -> e.done() > (4L << 20), WAIT);
        Path downloads = bob.downloadsFolder();
        bob.close();
        List<Path> parts;
        try (var files = Files.list(downloads)) {
            parts = files.toList();
        }
        assertThat(parts).singleElement().satisfies(p -> assertThat(p.getFileName().toString()).startsWith(".parley-"));
        long partial = Files.size(parts.getFirst());
        assertThat(partial).isGreaterThan(1L << 20).isLessThan(40L << 20);
        ParleyClient again = reopen("bob");
        ClientEvent.TransferProgress first = again.events().await(ClientEvent.TransferProgress.class, WAIT);
        assertThat(first.done()).as("the resumed download starts where the partial file ends")
                .isGreaterThanOrEqualTo(partial - 65_536);
        FileReceived received = again.events().await(FileReceived.class, WAIT);
        assertThat(sha256(received.file().path())).isEqualTo(sha256(big));
        try (var files = Files.list(downloads)) {
            assertThat(files).containsExactly(received.file().path());
        }
    }

    @Test
    void aRecipientHearsWhenTheSenderGivesUpMidUpload() throws Exception {
        ParleyClient alice = signedUp("alice");
        ParleyClient bob = signedUp("bob");
        Path big = file("abandoned.bin", 200L << 20, 5);
        alice.sendFileAsync("bob", big, null);
        bob.events().await(ClientEvent.TransferProgress.class, e -> e.done() > 0, WAIT);
        alice.close();
        reopen("alice");
        TransferFailed failed = bob.events().await(TransferFailed.class, WAIT);
        assertThat(failed.reason()).isEqualTo("abandoned.bin from alice was not received: the sender stopped sending it"
                + " (the sender closed the client)");
        try (var files = Files.list(bob.downloadsFolder())) {
            assertThat(files).isEmpty();
        }
    }

    ParleyClient reopen(String name) {
        ParleyClient client = client(name);
        client.signIn(name, PASSWORD);
        return client;
    }

    @Test
    void mistakesAreOneSentence() throws Exception {
        ParleyClient alice = signedUp("alice");
        assertThatThrownBy(() -> alice.sendFile("bob", dir.resolve("nothing-here.txt")))
                .isInstanceOf(ParleyException.class).hasMessageContaining("there is no file");
        Path small = file("a.txt", 10, 3);
        assertThatThrownBy(() -> alice.sendFile("nobody", small))
                .isInstanceOf(ParleyException.class).hasMessage("a.txt was not sent: there is no user called nobody");
        assertThatThrownBy(() -> alice.sendFile("alice", small))
                .isInstanceOf(ParleyException.class).hasMessageContaining("yourself");
        assertThatThrownBy(() -> alice.sendGroupFile("nogroup", small))
                .isInstanceOf(ParleyException.class);
        ClientEvent any = alice.events().await(TransferFailed.class, WAIT);
        assertThat(any).isNotNull();
    }
}
