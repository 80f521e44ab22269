package dev.parley.server.blob;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import dev.parley.server.testing.TestClient;
import dev.parley.server.testing.TestServers;
import dev.parley.wire.Accepted;
import dev.parley.wire.BlobCreate;
import dev.parley.wire.BlobData;
import dev.parley.wire.BlobFetched;
import dev.parley.wire.BlobRead;
import dev.parley.wire.BlobStat;
import dev.parley.wire.BlobStatus;
import dev.parley.wire.BlobWrite;
import dev.parley.wire.Deliver;
import dev.parley.wire.Error;
import dev.parley.wire.ErrorCode;
import dev.parley.wire.ListUsers;
import dev.parley.wire.Message;
import dev.parley.wire.Ok;
import dev.parley.wire.OpenBlobStream;
import dev.parley.wire.Ping;
import dev.parley.wire.Pong;
import dev.parley.wire.Send;
import dev.parley.wire.UserList;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** File streams over real TLS sockets against a real server: opening, limits, resume, access, release, expiry. */
@Timeout(60)
class BlobStreamTest {
    private static final int CHUNK = 512 * 1024;

    @TempDir
    Path data;

    ParleyServer server;
    final List<TestClient> clients = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = ParleyServer.start(config());
    }

    ServerConfig config() {
        return TestServers.config(data).withFiles(4L << 20, 6L << 20, 3, Duration.ofDays(30));
    }

    @AfterEach
    void stop() {
        clients.forEach(TestClient::close);
        if (server != null) {
            server.close();
        }
    }

    TestClient client() throws Exception {
        TestClient client = TestClient.connect(server.port());
        clients.add(client);
        return client;
    }

    /** A chat connection signed up as name. */
    TestClient user(String name) throws Exception {
        TestClient chat = client();
        chat.signUp(name, "password-of-" + name);
        return chat;
    }

    TestClient stream(String name, TestClient chat) throws Exception {
        TestClient stream = client();
        assertThat(stream.call(new OpenBlobStream(name, chat.token()))).isInstanceOf(Ok.class);
        return stream;
    }

    static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static String upload(TestClient stream, byte[] content, String... recipients) throws Exception {
        BlobStatus created = stream.expect(new BlobCreate(content.length, List.of(recipients)), BlobStatus.class);
        for (int at = 0; at < content.length; at += CHUNK) {
            byte[] part = Arrays.copyOfRange(content, at, Math.min(content.length, at + CHUNK));
            stream.expect(new BlobWrite(created.blobId(), at, part), BlobStatus.class);
        }
        return created.blobId();
    }

    static byte[] download(TestClient stream, String id, long size) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (out.size() < size) {
            BlobData data = stream.expect(new BlobRead(id, out.size(), CHUNK), BlobData.class);
            assertThat(data.offset()).isEqualTo(out.size());
            out.writeBytes(data.data());
        }
        return out.toByteArray();
    }

    @Test
    void aFileStreamIsOpenedWithTheSessionTokenAndNeverTakesOverTheChatConnection() throws Exception {
        TestClient alice = user("alice");
        TestClient bob = user("bob");
        TestClient files = stream("alice", alice);
        assertThat(files.expect(new Ping(7), Pong.class).nonce()).isEqualTo(7);
        byte[] content = bytes(1_300_000, 1);
        String id = upload(files, content, "bob");
        // alice's chat connection is still hers: she can send, bob receives, nobody was signed out
        alice.expect(new Send("bob", 1, new byte[] {1, 2, 3}), Accepted.class);
        assertThat(bob.push(Deliver.class).sender()).isEqualTo("alice");
        assertThat(alice.isClosed()).isFalse();
        assertThat(alice.expect(new ListUsers(), UserList.class).users()).isNotEmpty();
        TestClient bobFiles = stream("bob", bob);
        assertThat(download(bobFiles, id, content.length)).isEqualTo(content);
        assertThat(server.onlineCount()).isEqualTo(2);
    }

    @Test
    void aWrongTokenOrUserIsRefusedAndBlobRequestsNeedAStreamOfTheirOwn() throws Exception {
        TestClient alice = user("alice");
        Error wrong = client().error(new OpenBlobStream("alice", TestClient.random(32)));
        assertThat(wrong.code()).isEqualTo(ErrorCode.SESSION_EXPIRED);
        Error nobody = client().error(new OpenBlobStream("nobody", alice.token()));
        assertThat(nobody.code()).isEqualTo(ErrorCode.SESSION_EXPIRED);
        assertThat(client().error(new BlobStat("0123456789abcdef0123456789abcdef")).code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(alice.error(new BlobCreate(10, List.of("alice"))).code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(alice.error(new OpenBlobStream("alice", alice.token())).code()).isEqualTo(ErrorCode.BAD_REQUEST);
        TestClient files = stream("alice", alice);
        Error chatOnFiles = files.error(new Send("alice", 1, new byte[] {1}));
        assertThat(chatOnFiles.code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(chatOnFiles.message()).contains("files only");
    }

    @Test
    void theCapIsCheckedBeforeAnyByteAndTheQuotaAndCountPerUser() throws Exception {
        TestClient alice = user("alice");
        user("bob");
        TestClient files = stream("alice", alice);
        Error tooLarge = files.error(new BlobCreate((5L << 20), List.of("bob")));
        assertThat(tooLarge.code()).isEqualTo(ErrorCode.TOO_LARGE);
        assertThat(tooLarge.message()).isEqualTo("files may be at most 4 MiB");
        assertThat(files.error(new BlobCreate(10, List.of("carol"))).code()).isEqualTo(ErrorCode.UNKNOWN_USER);
        assertThat(files.error(new BlobCreate(10, List.of())).code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(files.error(new BlobCreate(0, List.of("bob"))).code()).isEqualTo(ErrorCode.BAD_REQUEST);
        files.expect(new BlobCreate(4L << 20, List.of("bob")), BlobStatus.class);
        Error quota = files.error(new BlobCreate(3L << 20, List.of("bob")));
        assertThat(quota.code()).isEqualTo(ErrorCode.QUOTA_EXCEEDED);
        assertThat(quota.message()).contains("6 MiB");
        files.expect(new BlobCreate(1, List.of("bob")), BlobStatus.class);
        files.expect(new BlobCreate(1, List.of("bob")), BlobStatus.class);
        assertThat(files.error(new BlobCreate(1, List.of("bob"))).code()).isEqualTo(ErrorCode.LIMIT_REACHED);
        try (var stored = Files.list(server.config().blobDir())) {
            assertThat(stored.filter(p -> p.toString().endsWith(".blob"))).hasSize(3);
        }
    }

    @Test
    void anUploadResumesFromTheStoredBytesOnANewStreamAndOffsetsAreEnforced() throws Exception {
        TestClient alice = user("alice");
        user("bob");
        byte[] content = bytes(3 * CHUNK + 100, 2);
        TestClient first = stream("alice", alice);
        String id = first.expect(new BlobCreate(content.length, List.of("bob")), BlobStatus.class).blobId();
        first.expect(new BlobWrite(id, 0, Arrays.copyOfRange(content, 0, CHUNK)), BlobStatus.class);
        first.close();
        TestClient second = stream("alice", alice);
        BlobStatus status = second.expect(new BlobStat(id), BlobStatus.class);
        assertThat(status.stored()).isEqualTo(CHUNK);
        assertThat(status.size()).isEqualTo(content.length);
        Error skipped = second.error(new BlobWrite(id, 2L * CHUNK, new byte[10]));
        assertThat(skipped.code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(skipped.message()).isEqualTo("this upload continues at byte " + CHUNK);
        second.expect(new BlobWrite(id, CHUNK, Arrays.copyOfRange(content, CHUNK, 2 * CHUNK)), BlobStatus.class);
        assertThat(second.expect(new BlobWrite(id, 2L * CHUNK, Arrays.copyOfRange(content, 2 * CHUNK, 3 * CHUNK)), BlobStatus.class)
                .stored()).isEqualTo(3L * CHUNK);
        Error beyond = second.error(new BlobWrite(id, 3L * CHUNK, new byte[101]));
        assertThat(beyond.code()).isEqualTo(ErrorCode.TOO_LARGE);
        second.expect(new BlobWrite(id, 3L * CHUNK, Arrays.copyOfRange(content, 3 * CHUNK, content.length)), BlobStatus.class);
        assertThat(Files.readAllBytes(server.config().blobDir().resolve(id + ".blob"))).isEqualTo(content);
    }

    @Test
    void pipelinedWritesAreAllStoredInOrderAndAcknowledgedInOrder() throws Exception {
        TestClient alice = user("alice");
        user("bob");
        server.close();
        server = ParleyServer.start(TestServers.config(data));
        alice = client();
        alice.signIn("alice", "password-of-alice");
        TestClient files = stream("alice", alice);
        byte[] content = bytes(40 * 100_000, 3);
        String id = files.expect(new BlobCreate(content.length, List.of("bob")), BlobStatus.class).blobId();
        List<Long> ids = new ArrayList<>();
        for (int at = 0; at < content.length; at += 100_000) {
            ids.add(files.send(new BlobWrite(id, at, Arrays.copyOfRange(content, at, at + 100_000))));
        }
        long expected = 0;
        for (long request : ids) {
            Message response = files.await(request);
            expected += 100_000;
            assertThat(response).isInstanceOf(BlobStatus.class);
            assertThat(((BlobStatus) response).stored()).isEqualTo(expected);
        }
        assertThat(Files.readAllBytes(server.config().blobDir().resolve(id + ".blob"))).isEqualTo(content);
    }

    @Test
    void onlyRecipientsAndTheUploaderReadACompleteBlobAndItGoesOnceEveryRecipientHasIt() throws Exception {
        TestClient alice = user("alice");
        TestClient bob = user("bob");
        TestClient carol = user("carol");
        TestClient dave = user("dave");
        TestClient aliceFiles = stream("alice", alice);
        byte[] content = bytes(CHUNK + 1, 4);
        String id = aliceFiles.expect(new BlobCreate(content.length, List.of("bob", "carol")), BlobStatus.class).blobId();
        TestClient bobFiles = stream("bob", bob);
        assertThat(bobFiles.expect(new BlobRead(id, 0, 100), BlobData.class).data()).isEmpty();
        aliceFiles.expect(new BlobWrite(id, 0, Arrays.copyOf(content, 1000)), BlobStatus.class);
        // an upload in progress can be read as far as it is stored
        BlobData partial = bobFiles.expect(new BlobRead(id, 10, 5000), BlobData.class);
        assertThat(partial.offset()).isEqualTo(10);
        assertThat(partial.data()).isEqualTo(Arrays.copyOfRange(content, 10, 1000));
        assertThat(bobFiles.expect(new BlobStat(id), BlobStatus.class).stored()).isEqualTo(1000);
        aliceFiles.expect(new BlobWrite(id, 1000, Arrays.copyOfRange(content, 1000, CHUNK)), BlobStatus.class);
        aliceFiles.expect(new BlobWrite(id, CHUNK, new byte[] {content[CHUNK]}), BlobStatus.class);
        TestClient daveFiles = stream("dave", dave);
        assertThat(daveFiles.error(new BlobRead(id, 0, 100)).code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(daveFiles.error(new BlobStat(id)).code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(download(aliceFiles, id, content.length)).isEqualTo(content);
        assertThat(download(bobFiles, id, content.length)).isEqualTo(content);
        assertThat(bobFiles.error(new BlobRead(id, content.length + 1, 10)).code()).isEqualTo(ErrorCode.BAD_REQUEST);
        bobFiles.expect(new BlobFetched(id), Ok.class);
        Path file = server.config().blobDir().resolve(id + ".blob");
        assertThat(file).exists();
        TestClient carolFiles = stream("carol", carol);
        assertThat(download(carolFiles, id, content.length)).isEqualTo(content);
        carolFiles.expect(new BlobFetched(id), Ok.class);
        assertThat(file).doesNotExist();
        assertThat(bobFiles.error(new BlobStat(id)).code()).isEqualTo(ErrorCode.NOT_FOUND);
    }

    @Test
    void blobsExpire() throws Exception {
        server.close();
        server = ParleyServer.start(config().withFiles(4L << 20, 6L << 20, 3, Duration.ofMillis(300)));
        TestClient alice = user("alice");
        user("bob");
        TestClient files = stream("alice", alice);
        String id = upload(files, bytes(1000, 5), "bob");
        assertThat(server.files().expire()).isZero();
        Thread.sleep(400);
        assertThat(server.files().expire()).isEqualTo(1);
        assertThat(server.config().blobDir().resolve(id + ".blob")).doesNotExist();
        assertThat(files.error(new BlobStat(id)).code()).isEqualTo(ErrorCode.NOT_FOUND);
    }

    @Test
    void metricsCountTheFilesWaiting() throws Exception {
        server.close();
        server = ParleyServer.start(config().withMetricsPort(0));
        TestClient alice = user("alice");
        user("bob");
        upload(stream("alice", alice), bytes(1000, 7), "bob");
        String scrape = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + server.metricsPort() + "/metrics"))
                        .build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        assertThat(scrape).contains("parley_files_waiting 1.0", "parley_files_declared_bytes 1000.0",
                "parley_files_stored_bytes 1000.0");
    }

    @Test
    void whatWasStoredSurvivesARestart() throws Exception {
        TestClient alice = user("alice");
        user("bob");
        byte[] content = bytes(2 * CHUNK, 6);
        TestClient files = stream("alice", alice);
        String id = files.expect(new BlobCreate(content.length, List.of("bob")), BlobStatus.class).blobId();
        files.expect(new BlobWrite(id, 0, Arrays.copyOfRange(content, 0, CHUNK)), BlobStatus.class);
        server.close();
        server = ParleyServer.start(config());
        TestClient again = client();
        again.signIn("alice", "password-of-alice");
        TestClient resumed = stream("alice", again);
        assertThat(resumed.expect(new BlobStat(id), BlobStatus.class).stored()).isEqualTo(CHUNK);
        resumed.expect(new BlobWrite(id, CHUNK, Arrays.copyOfRange(content, CHUNK, 2 * CHUNK)), BlobStatus.class);
        assertThat(download(resumed, id, content.length)).isEqualTo(content);
    }
}
