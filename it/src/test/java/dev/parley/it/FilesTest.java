package dev.parley.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.client.ChatMessage;
import dev.parley.client.ClientOptions;
import dev.parley.client.ParleyClient;
import dev.parley.client.ParleyException;
import dev.parley.client.events.ClientEvent;
import dev.parley.client.events.ClientEvent.FileReceived;
import dev.parley.client.events.ClientEvent.MessageReceived;
import dev.parley.client.events.ClientEvent.TransferFailed;
import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import dev.parley.server.blob.Blob;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files end to end: a real server, real clients over real TLS, the real file cipher. Every file is
 * compared by SHA-256 with what was sent. Interruptions come from a proxy that drops connections
 * mid-transfer; tampering is a byte flipped in the blob on the server's disk; memory is bounded by
 * running the command-line client and the server in JVMs whose heap is smaller than the file.
 */
@Timeout(300)
class FilesTest {
    private static final long MIB = 1 << 20;
    private static final long[] EDGE_SIZES = {0, 1, 65_535, 65_536, 65_537, 524_287, 524_288, 524_289};

    @TempDir
    Path temp;

    ParleyServer server;
    Accounts accounts;
    final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = ParleyServer.start(ServerConfig.defaults(temp.resolve("server")).withHost("127.0.0.1").withPort(0));
        accounts = new Accounts(temp.resolve("clients"), server.port());
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
        accounts.close();
        server.close();
    }

    private Path file(String name, long size, long seed) throws IOException {
        Path file = temp.resolve("outgoing").resolve(name);
        Files.createDirectories(file.getParent());
        Random random = new Random(seed);
        byte[] buffer = new byte[1 << 16];
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

    private static FileReceived received(ParleyClient who) throws Exception {
        return who.events().await(FileReceived.class, Accounts.WAIT.multipliedBy(3));
    }

    private static List<Path> listing(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.sorted().toList();
        }
    }

    private List<Path> blobFiles() throws IOException {
        try (Stream<Path> files = Files.list(server.config().blobDir())) {
            return files.filter(p -> p.toString().endsWith(".blob")).toList();
        }
    }

    @Test
    void directFilesOfEdgeSizesAndFiftyMebibytesArriveByteIdentical() throws Exception {
        ParleyClient alice = accounts.signedUp("alice");
        ParleyClient bob = accounts.signedUp("bob");
        List<Long> sizes = new ArrayList<>();
        for (long size : EDGE_SIZES) {
            sizes.add(size);
        }
        sizes.add(50 * MIB);
        for (long size : sizes) {
            Path sent = file("direct-" + size + ".bin", size, size);
            alice.sendFile("bob", sent);
            FileReceived got = received(bob);
            assertThat(got.file().name()).isEqualTo("direct-" + size + ".bin");
            assertThat(got.file().size()).isEqualTo(size);
            assertThat(Files.size(got.file().path())).isEqualTo(size);
            assertThat(sha256(got.file().path())).as("SHA-256 of a %d-byte file", size).isEqualTo(sha256(sent));
        }
        assertThat(listing(bob.downloadsFolder())).hasSize(sizes.size())
                .allMatch(p -> !p.getFileName().toString().startsWith("."));
        // once bob fetched everything the server keeps nothing
        assertThat(alice.awaitOutboxEmpty(Accounts.WAIT)).isTrue();
        org.awaitility.Awaitility.await().atMost(Accounts.WAIT).until(() -> blobFiles().isEmpty());
    }

    @Test
    void aGroupFileIsUploadedOnceForAllMembersAndArrivesByteIdentical() throws Exception {
        ParleyClient alice = accounts.signedUp("alice");
        ParleyClient bob = accounts.signedUp("bob");
        ParleyClient carol = accounts.signedUp("carol");
        alice.createGroup("team");
        Accounts.join(bob, "team", alice);
        Accounts.join(carol, "team", alice);
        bob.close();
        carol.close();
        List<Long> sizes = new ArrayList<>();
        for (long size : EDGE_SIZES) {
            sizes.add(size);
        }
        sizes.add(50 * MIB);
        List<Path> sent = new ArrayList<>();
        for (long size : sizes) {
            Path file = file("group-" + size + ".bin", size, 1000 + size);
            sent.add(file);
            alice.sendGroupFile("team", file);
        }
        // the members are offline: each file waits on the server exactly once, for both of them
        List<Blob> stored = server.files().store().all().stream().toList();
        assertThat(stored).hasSize(sizes.size());
        assertThat(stored).allSatisfy(blob -> {
            assertThat(blob.recipients()).hasSize(2);
            assertThat(blob.complete()).isTrue();
        });
        assertThat(alice.awaitOutboxEmpty(Accounts.WAIT)).isTrue();
        for (String member : List.of("bob", "carol")) {
            ParleyClient back = accounts.client(member);
            back.signIn(member, Accounts.password(member));
            for (int i = 0; i < sizes.size(); i++) {
                FileReceived got = received(back);
                Path original = sent.stream().filter(p -> p.getFileName().toString().equals(got.file().name())).findFirst()
                        .orElseThrow();
                assertThat(got.file().group()).isEqualTo("team");
                assertThat(got.file().sender()).isEqualTo("alice");
                assertThat(sha256(got.file().path())).isEqualTo(sha256(original));
            }
        }
        org.awaitility.Awaitility.await().atMost(Accounts.WAIT).until(() -> blobFiles().isEmpty());
    }

    @Test
    void anInterruptedUploadResumesFromTheLastStoredByte() throws Exception {
        accounts.signedUp("alice").close();
        ParleyClient bob = accounts.signedUp("bob");
        try (CuttingProxy proxy = new CuttingProxy(server.port(), CuttingProxy.Direction.UP, 6 * MIB, 2)) {
            ParleyClient alice = ParleyClient.open(ClientOptions.of("127.0.0.1", proxy.port(), accounts.dataOf("alice"))
                    .withReconnect(Duration.ofMillis(50), Duration.ofMillis(500)));
            closing.add(alice);
            alice.signIn("alice", Accounts.password("alice"));
            Path sent = file("resumed-upload.bin", 20 * MIB, 7);
            alice.sendFile("bob", sent);
            assertThat(proxy.cuts()).as("connections dropped mid-upload").isEqualTo(2);
            // resumed, not restarted: far less than two full uploads went through
            assertThat(proxy.bytesUp()).isLessThan(26 * MIB);
            assertThat(sha256(received(bob).file().path())).isEqualTo(sha256(sent));
        }
    }

    @Test
    void anInterruptedDownloadResumesFromTheLastReceivedByte() throws Exception {
        ParleyClient alice = accounts.signedUp("alice");
        accounts.signedUp("bob").close();
        Path sent = file("resumed-download.bin", 20 * MIB, 8);
        alice.sendFile("bob", sent);
        assertThat(alice.awaitOutboxEmpty(Accounts.WAIT)).isTrue();
        try (CuttingProxy proxy = new CuttingProxy(server.port(), CuttingProxy.Direction.DOWN, 6 * MIB, 2)) {
            ParleyClient bob = ParleyClient.open(ClientOptions.of("127.0.0.1", proxy.port(), accounts.dataOf("bob"))
                    .withReconnect(Duration.ofMillis(50), Duration.ofMillis(500)));
            closing.add(bob);
            bob.signIn("bob", Accounts.password("bob"));
            FileReceived got = received(bob);
            assertThat(proxy.cuts()).as("connections dropped mid-download").isEqualTo(2);
            assertThat(proxy.bytesDown()).isLessThan(26 * MIB);
            assertThat(sha256(got.file().path())).isEqualTo(sha256(sent));
        }
    }

    @Test
    void hostileNamesAreSavedUnderSafeNamesInsideTheDownloadsFolder() throws Exception {
        ParleyClient alice = accounts.signedUp("alice");
        ParleyClient bob = accounts.signedUp("bob");
        Path content = file("innocent.txt", 1_000, 9);
        String longName = "a".repeat(300) + ".txt";
        List<String> hostile = List.of("../../x", "/etc/passwd", "evil\u0000name.txt", "line\nbreak.txt", "CON",
                "con.txt", longName, "..", "photo\u202Egnp.exe", "..\\..\\windows.bat", "same.txt", "same.txt");
        for (String name : hostile) {
            alice.sendFile("bob", content, name);
        }
        List<String> saved = new ArrayList<>();
        Path folder = bob.downloadsFolder().toRealPath();
        for (int i = 0; i < hostile.size(); i++) {
            FileReceived got = received(bob);
            Path path = got.file().path();
            assertThat(path.getParent()).isEqualTo(folder);
            assertThat(path.toRealPath()).startsWith(folder);
            assertThat(sha256(path)).isEqualTo(sha256(content));
            saved.add(path.getFileName().toString());
        }
        assertThat(saved).containsExactlyInAnyOrder("x", "passwd", "evil_name.txt", "line_break.txt", "_CON", "_con.txt",
                "a".repeat(236) + ".txt", "file", "photo_gnp.exe", "windows.bat", "same.txt", "same (1).txt");
        assertThat(saved).allSatisfy(name -> assertThat(name.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(255));
        assertThat(listing(folder)).hasSize(hostile.size());
        // nothing landed next to or above the downloads folder
        Path account = accounts.dataOf("bob");
        assertThat(account.resolve("x")).doesNotExist();
        assertThat(account.getParent().resolve("x")).doesNotExist();
        assertThat(account.resolve("windows.bat")).doesNotExist();
        Path data = accounts.dataOf("bob").toRealPath();
        try (Stream<Path> everything = Files.walk(data)) {
            assertThat(everything.filter(Files::isRegularFile).filter(p -> !p.startsWith(folder))
                    .map(p -> p.getFileName().toString()))
                    .allMatch(name -> name.startsWith("client.db") || name.equals("known_servers") || name.endsWith(".log"));
        }
        // the history shows the safe names too, never the control characters
        assertThat(bob.history("alice", 50)).extracting(ChatMessage::text).noneMatch(t -> t.contains("\n") || t.contains("\u0000"));
    }

    @Test
    void oneByteFlippedOnTheServerDiskIsAClearErrorAndNothingIsSaved() throws Exception {
        ParleyClient alice = accounts.signedUp("alice");
        accounts.signedUp("bob").close();
        Path sent = file("report.pdf", 3 * MIB, 10);
        alice.sendFile("bob", sent);
        assertThat(alice.awaitOutboxEmpty(Accounts.WAIT)).isTrue();
        List<Path> blobs = blobFiles();
        assertThat(blobs).hasSize(1);
        try (RandomAccessFile raf = new RandomAccessFile(blobs.getFirst().toFile(), "rw")) {
            long at = raf.length() / 2;
            raf.seek(at);
            int b = raf.read();
            raf.seek(at);
            raf.write(b ^ 0x01);
        }
        ParleyClient bob = accounts.client("bob");
        bob.signIn("bob", Accounts.password("bob"));
        TransferFailed failed = bob.events().await(TransferFailed.class, Accounts.WAIT);
        assertThat(failed.reason()).isEqualTo("report.pdf from alice was not received: it was damaged or tampered with on the way"
                + " (a check of its encryption failed), so nothing was saved");
        assertThat(listing(bob.downloadsFolder())).isEmpty();
        assertThat(bob.history("alice", 5)).extracting(ChatMessage::text).singleElement().asString().contains("✗ not received");
    }

    @Test
    void aFileOverTheCapIsRefusedBeforeTheUploadStarts() throws Exception {
        ParleyClient alice = accounts.signedUp("alice");
        accounts.signedUp("bob");
        Path huge = temp.resolve("disk image.iso");
        try (RandomAccessFile raf = new RandomAccessFile(huge.toFile(), "rw")) {
            raf.setLength(3L << 30);
        }
        long started = System.nanoTime();
        assertThatThrownBy(() -> alice.sendFile("bob", huge))
                .isInstanceOf(ParleyException.class)
                .hasMessage("disk image.iso is 3.2 GB, too large to send: files may be at most 2 GiB");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(server.files().store().all()).isEmpty();
        assertThat(blobFiles()).isEmpty();
    }

    @Test
    void chatMessagesKeepFlowingDuringALargeTransfer() throws Exception {
        ParleyClient alice = accounts.signedUp("alice");
        ParleyClient bob = accounts.signedUp("bob");
        Path big = file("movie.mp4", 40 * MIB, 11);
        List<ClientEvent> aliceEvents = new ArrayList<>();
        alice.addListener(event -> {
            synchronized (aliceEvents) {
                aliceEvents.add(event);
            }
        });
        CompletableFuture<ChatMessage> upload = alice.sendFileAsync("bob", big, null);
        alice.events().await(ClientEvent.TransferProgress.class, e -> e.done() > 0, Accounts.WAIT);
        alice.send("bob", "the movie is on its way");
        MessageReceived text = bob.events().await(MessageReceived.class, Accounts.WAIT);
        assertThat(text.message().text()).isEqualTo("the movie is on its way");
        assertThat(upload).as("the chat message overtook the upload").isNotDone();
        upload.get(2, TimeUnit.MINUTES);
        assertThat(sha256(received(bob).file().path())).isEqualTo(sha256(big));
        synchronized (aliceEvents) {
            assertThat(aliceEvents).noneMatch(e -> e instanceof ClientEvent.ConnectionChanged || e instanceof ClientEvent.SignedOut);
        }
        assertThat(alice.isConnected()).isTrue();
    }

    @Test
    void aFileLargerThanEveryHeapCrossesTheCommandLineClientsAndTheServer() throws Exception {
        server.close();
        Path serverData = temp.resolve("small-server");
        try (Forked smallServer = Forked.server(serverData)) {
            accounts.port(smallServer.port());
            accounts.signedUp("alice").close();
            accounts.signedUp("bob").close();
            Path big = file("big files/holiday video.mp4", 150 * MIB, 12);
            Forked.Run alice = Forked.client(accounts.dataOf("alice"), smallServer.port(),
                    "LOGIN alice " + Accounts.password("alice") + "\nSEND FILE bob \"" + big + "\"\n");
            assertThat(alice.exitCode()).as(alice.output()).isZero();
            assertThat(alice.output()).contains("↑ sending holiday video.mp4 (157.3 MB, video/mp4) to bob…")
                    .contains("✓ sent holiday video.mp4 to bob: 157.3 MB in ").doesNotContain("OutOfMemoryError");
            Forked.Run bob = Forked.client(accounts.dataOf("bob"), smallServer.port(), "LOGIN bob " + Accounts.password("bob") + "\n");
            assertThat(bob.exitCode()).as(bob.output()).isZero();
            Path saved = accounts.dataOf("bob").resolve("bob").resolve("downloads").resolve("holiday video.mp4").toRealPath();
            assertThat(bob.output()).containsPattern("\\[\\d\\d:\\d\\d:\\d\\d] alice sent holiday video\\.mp4 \\(157\\.3 MB, video/mp4\\) → "
                    + Pattern.quote(saved.toString())).doesNotContain("OutOfMemoryError");
            assertThat(sha256(saved)).isEqualTo(sha256(big));
            assertThat(smallServer.alive()).isTrue();
        }
    }

    /** A JVM of its own with a 64 MiB heap: the server, or the command-line client running a script. */
    static final class Forked implements AutoCloseable {
        static final String HEAP = "-Xmx64m";
        private static final Pattern LISTENING = Pattern.compile("listening on (\\d+)");

        record Run(int exitCode, String output) {
        }

        private final Process process;
        private final int port;

        private Forked(Process process, int port) {
            this.process = process;
            this.port = port;
        }

        static List<String> java(String main) {
            String java = ProcessHandle.current().info().command().orElse("java");
            return new ArrayList<>(List.of(java, HEAP, "--enable-native-access=ALL-UNNAMED", "-cp",
                    System.getProperty("java.class.path"), main));
        }

        static Forked server(Path data) throws Exception {
            List<String> command = java("dev.parley.server.ServerMain");
            command.addAll(List.of("--host", "127.0.0.1", "--port", "0", "--data", data.toString()));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            CompletableFuture<Integer> port = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    for (String line; (line = reader.readLine()) != null; ) {
                        Matcher m = LISTENING.matcher(line);
                        if (m.find()) {
                            port.complete(Integer.parseInt(m.group(1)));
                        }
                    }
                } catch (IOException ignored) {
                    // ended
                }
                port.completeExceptionally(new IllegalStateException("the server ended before listening"));
            });
            try {
                return new Forked(process, port.get(60, TimeUnit.SECONDS));
            } catch (Exception e) {
                process.destroyForcibly();
                throw e;
            }
        }

        static Run client(Path data, int port, String script) throws Exception {
            List<String> command = java("dev.parley.cli.Main");
            command.addAll(List.of("client", "--server", "127.0.0.1:" + port, "--data", data.toString()));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().write(script.getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().close();
            CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> {
                try {
                    return process.getInputStream().readAllBytes();
                } catch (IOException e) {
                    return new byte[0];
                }
            });
            if (!process.waitFor(3, TimeUnit.MINUTES)) {
                process.destroyForcibly();
            }
            return new Run(process.exitValue(), new String(output.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8));
        }

        int port() {
            return port;
        }

        boolean alive() {
            return process.isAlive();
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
