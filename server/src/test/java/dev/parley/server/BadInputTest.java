package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.server.testing.TestClient;
import dev.parley.server.testing.TestServers;
import dev.parley.wire.Accepted;
import dev.parley.wire.Ack;
import dev.parley.wire.Deliver;
import dev.parley.wire.Error;
import dev.parley.wire.ErrorCode;
import dev.parley.wire.Ok;
import dev.parley.wire.Frame;
import dev.parley.wire.ListUsers;
import dev.parley.wire.Message;
import dev.parley.wire.Ping;
import dev.parley.wire.Pong;
import dev.parley.wire.QueueDrained;
import dev.parley.wire.Send;
import dev.parley.wire.SignIn;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The bad-input catalogue against a running server: each gets a clear error or a closed connection, and others keep being served. */
@Timeout(60)
class BadInputTest {
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(8);

    @TempDir
    Path data;

    ParleyServer server;
    final List<TestClient> clients = new ArrayList<>();

    @AfterEach
    void stop() {
        clients.forEach(TestClient::close);
        if (server != null) {
            server.close();
        }
    }

    void start(ServerConfig config) throws Exception {
        server = ParleyServer.start(config);
    }

    void start() throws Exception {
        start(TestServers.config(data));
    }

    TestClient connect() throws Exception {
        return connect(null);
    }

    TestClient connect(String localAddress) throws Exception {
        TestClient client = TestClient.connect(server.port(), localAddress);
        clients.add(client);
        return client;
    }

    TestClient user(String name) throws Exception {
        TestClient client = connect();
        client.signUp(name, name + " password");
        client.push(QueueDrained.class);
        return client;
    }

    /** A signed-in bystander who must still be served after each abuse. */
    void othersAreStillServed() throws Exception {
        TestClient alice = user("bystander" + System.nanoTime() % 100_000);
        TestClient bob = user("listener" + System.nanoTime() % 100_000);
        alice.expect(new Send(bobName(bob), 1, "still here".getBytes(StandardCharsets.UTF_8)), Accepted.class);
        assertThat(bob.push(Deliver.class).payload()).isEqualTo("still here".getBytes(StandardCharsets.UTF_8));
    }

    private static String bobName(TestClient bob) throws IOException {
        return bob.expect(new ListUsers(), dev.parley.wire.UserList.class).users().stream()
                .filter(u -> u.username().startsWith("listener")).findFirst().orElseThrow().username();
    }

    @Test
    void anOversizedFrameGetsTooLargeAndTheConnectionCloses() throws Exception {
        start();
        TestClient client = connect();
        client.sendRaw(ByteBuffer.allocate(8).putInt(2 << 20).putInt(0).array());
        Error error = client.push(Error.class);
        assertThat(error.code()).isEqualTo(ErrorCode.TOO_LARGE);
        assertThat(error.message()).isEqualTo("frames may be at most 1048576 bytes");
        assertThat(client.awaitClosed(CLOSE_WAIT)).isTrue();
        othersAreStillServed();
    }

    @Test
    void garbageAfterTheHandshakeGetsAnErrorAndTheConnectionCloses() throws Exception {
        start();
        TestClient http = connect();
        http.sendRaw("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(http.push(Error.class).code()).isEqualTo(ErrorCode.TOO_LARGE);
        assertThat(http.awaitClosed(CLOSE_WAIT)).isTrue();

        TestClient wrongVersion = connect();
        wrongVersion.sendRaw(TestClient.lengthPrefixed(new byte[] {(byte) 0xFF, 17, 0, 0, 0, 0, 0, 0, 0, 9, 1, 2, 3}));
        Error version = wrongVersion.await(9) instanceof Error e ? e : null;
        assertThat(version).isNotNull();
        assertThat(version.code()).isEqualTo(ErrorCode.UNSUPPORTED_VERSION);
        assertThat(wrongVersion.awaitClosed(CLOSE_WAIT)).isTrue();

        TestClient truncated = connect();
        truncated.sendRaw(TestClient.lengthPrefixed(new byte[] {1, 7, 0, 0, 0, 0, 0, 0, 0, 4, 0, 0}));
        Message answer = truncated.await(4);
        assertThat(answer).isInstanceOf(Error.class);
        assertThat(((Error) answer).code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(truncated.awaitClosed(CLOSE_WAIT)).isTrue();

        TestClient empty = connect();
        empty.sendRaw(TestClient.lengthPrefixed(new byte[0]));
        assertThat(empty.push(Error.class).code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(empty.awaitClosed(CLOSE_WAIT)).isTrue();
        othersAreStillServed();
    }

    @Test
    void garbageInsteadOfTlsClosesTheConnection() throws Exception {
        // Random bytes are usually refused as "not TLS" at once; now and then their first bytes read as the
        // header of a long (SSLv2 or TLS) record and the server waits for the rest, until the sign-in timeout
        // closes the connection. A short sign-in timeout makes both paths end well inside the read timeout.
        start(TestServers.config(data).withSignInTimeout(Duration.ofSeconds(2)));
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()));
            socket.getOutputStream().write(TestClient.random(512));
            socket.setSoTimeout(8_000);
            assertThat(readUntilClosed(socket.getInputStream())).isTrue();
        }
        othersAreStillServed();
    }

    @Test
    void aWellFormedFrameOfAnUnknownTypeGetsBadRequestAndTheConnectionStaysUsable() throws Exception {
        start();
        TestClient client = connect();
        client.sendRaw(TestClient.lengthPrefixed(new byte[] {1, (byte) 200, 0, 0, 0, 0, 0, 0, 0, 77}));
        Message answer = client.await(77);
        assertThat(answer).isEqualTo(new Error(ErrorCode.BAD_REQUEST, "unknown request type 200"));
        assertThat(client.expect(new Ping(5), Pong.class).nonce()).isEqualTo(5);
    }

    @Test
    void aResponseTypeSentAsARequestIsRefused() throws Exception {
        start();
        TestClient alice = user("alice");
        assertThat(alice.error(new dev.parley.wire.Ok())).isEqualTo(new Error(ErrorCode.BAD_REQUEST, "that message is not a request"));
    }

    @Test
    void requestsBeforeSignInGetNotSignedIn() throws Exception {
        start();
        TestClient client = connect();
        assertThat(client.error(new Send("bob", 1, new byte[] {1}))).isEqualTo(new Error(ErrorCode.NOT_SIGNED_IN, "sign in first"));
        assertThat(client.error(new ListUsers()).code()).isEqualTo(ErrorCode.NOT_SIGNED_IN);
        assertThat(client.expect(new Ping(1), Pong.class)).isEqualTo(new Pong(1));
    }

    @Test
    void aThousandWrongPasswordsAreThrottledAndEveryoneElseIsServed() throws Exception {
        start();
        user("victim");
        TestClient attacker = connect();
        int wrong = 0;
        int limited = 0;
        for (int i = 0; i < 1000; i++) {
            Error error = attacker.error(new SignIn("victim", "guess " + i));
            if (error.code() == ErrorCode.WRONG_CREDENTIALS) {
                wrong++;
            } else {
                assertThat(error.code()).isEqualTo(ErrorCode.RATE_LIMITED);
                assertThat(error.message()).matches("too many failed sign-ins; try again in [0-9.]+ (second|seconds|minutes)");
                limited++;
            }
        }
        assertThat(wrong).isBetween(5, 20);
        assertThat(limited).isEqualTo(1000 - wrong);
        othersAreStillServed();
        TestClient elsewhere = connect("127.0.0.2");
        elsewhere.signUp("carol", "carol password");
    }

    @Test
    void aConnectionThatNeverFinishesTlsIsClosed() throws Exception {
        start(TestServers.config(data).withSignInTimeout(Duration.ofSeconds(1)).withTlsHandshakeTimeout(Duration.ofSeconds(1)));
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()));
            socket.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01});
            socket.setSoTimeout(8_000);
            assertThat(readUntilClosed(socket.getInputStream())).isTrue();
        }
        othersAreStillServed();
    }

    @Test
    void aConnectionThatNeverSignsInIsToldAndClosed() throws Exception {
        start(TestServers.config(data).withSignInTimeout(Duration.ofSeconds(1)));
        TestClient idle = connect();
        Error error = idle.push(Error.class);
        assertThat(error).isEqualTo(new Error(ErrorCode.NOT_SIGNED_IN, "sign in within 1 second of connecting"));
        assertThat(idle.awaitClosed(CLOSE_WAIT)).isTrue();
    }

    @Test
    void aSignedInConnectionThatSendsNothingIsClosedAfterTheIdleTimeout() throws Exception {
        start(TestServers.config(data).withIdleTimeout(Duration.ofSeconds(1)));
        TestClient quiet = user("quiet");
        Error error = quiet.push(Error.class);
        assertThat(error.code()).isEqualTo(ErrorCode.LIMIT_REACHED);
        assertThat(error.message()).isEqualTo("nothing received for 1 second; send Ping to keep a connection open");
        assertThat(quiet.awaitClosed(CLOSE_WAIT)).isTrue();
    }

    @Test
    void tooManyConnectionsFromOneAddressAreRefusedClearly() throws Exception {
        start(TestServers.config(data).withMaxConnectionsPerAddress(2));
        connect("127.0.0.3");
        connect("127.0.0.3");
        TestClient third = connect("127.0.0.3");
        Error error = third.push(Error.class);
        assertThat(error).isEqualTo(new Error(ErrorCode.LIMIT_REACHED,
                "too many connections from your address (at most 2); close some and try again"));
        assertThat(third.awaitClosed(CLOSE_WAIT)).isTrue();
        connect("127.0.0.4").signUp("dora", "dora password");
    }

    @Test
    void sendingFasterThanTheMessageRateIsRefusedWithWhenToRetry() throws Exception {
        start(TestServers.config(data).withMessageRate(1, 5));
        TestClient alice = user("alice");
        user("bob");
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add(alice.send(new Send("bob", i, new byte[] {1})));
        }
        int limited = 0;
        for (long id : ids) {
            Message answer = alice.await(id);
            if (answer instanceof Error error) {
                assertThat(error.code()).isEqualTo(ErrorCode.RATE_LIMITED);
                assertThat(error.message()).startsWith("slow down: at most 1 messages per second; try again in ");
                limited++;
            }
        }
        assertThat(limited).as("5 in the burst plus one per second may pass").isGreaterThanOrEqualTo(10);
    }

    @Test
    void aFullQueueRefusesMoreWithAClearSentence() throws Exception {
        start(TestServers.config(data).withMaxQueuedPerUser(2));
        TestClient alice = user("alice");
        user("bob").close();
        alice.expect(new Send("bob", 1, new byte[] {1}), Accepted.class);
        alice.expect(new Send("bob", 2, new byte[] {2}), Accepted.class);
        Error full = alice.error(new Send("bob", 3, new byte[] {3}));
        assertThat(full).isEqualTo(new Error(ErrorCode.QUEUE_FULL, "bob has too many undelivered messages; try again after they come online"));
    }

    @Test
    void acknowledgedMessagesFreeTheQueueWhetherPushedLiveOrDrainedAtSignIn() throws Exception {
        start(TestServers.config(data).withMaxQueuedPerUser(3).withMaxQueuedBytesPerUser(300));
        TestClient alice = user("alice");
        TestClient bob = user("bob");
        for (int i = 1; i <= 10; i++) { // pushed live, acknowledged: 1,000 bytes through a 300-byte queue
            alice.expect(new Send("bob", i, new byte[100]), Accepted.class);
            bob.expect(new Ack(List.of(bob.push(Deliver.class).messageId())), Ok.class);
        }
        bob.close();
        for (int i = 11; i <= 13; i++) { // queued while bob is away: the queue is full again
            alice.expect(new Send("bob", i, new byte[100]), Accepted.class);
        }
        assertThat(alice.error(new Send("bob", 14, new byte[1])).code()).isEqualTo(ErrorCode.QUEUE_FULL);
        TestClient again = connect();
        again.signIn("bob", "bob password");
        List<Long> drained = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            drained.add(again.push(Deliver.class).messageId());
        }
        again.push(QueueDrained.class);
        again.expect(new Ack(drained), Ok.class);
        for (int i = 15; i <= 17; i++) { // drained and acknowledged: room for three more
            alice.expect(new Send("bob", i, new byte[100]), Accepted.class);
            again.expect(new Ack(List.of(again.push(Deliver.class).messageId())), Ok.class);
        }
    }

    @Test
    void aPayloadAboveTheCapIsRefused() throws Exception {
        start(TestServers.config(data).withMaxPayloadBytes(100));
        TestClient alice = user("alice");
        user("bob");
        Error error = alice.error(new Send("bob", 1, new byte[101]));
        assertThat(error).isEqualTo(new Error(ErrorCode.TOO_LARGE, "a message may carry at most 100 bytes"));
        assertThat(alice.error(new Send("bob", 2, new byte[0])).code()).isEqualTo(ErrorCode.BAD_REQUEST);
    }

    @Test
    void tls12AndOlderAreRefused() throws Exception {
        start();
        try (Socket plain = new Socket("127.0.0.1", server.port())) {
            SSLSocket socket = (SSLSocket) TestClient.trustAll().getSocketFactory().createSocket(plain, "localhost", server.port(), true);
            socket.setEnabledProtocols(new String[] {"TLSv1.2"});
            assertThatThrownBy(socket::startHandshake).isInstanceOf(IOException.class);
        }
        TestClient modern = connect();
        assertThat(modern.socket().getSession().getProtocol()).isEqualTo("TLSv1.3");
    }

    @Test
    void aFrameWithIdZeroGetsNoSuccessResponse() throws Exception {
        start();
        TestClient alice = user("alice");
        alice.send(new Frame(0, new Ping(3)));
        assertThat(alice.expect(new Ping(4), Pong.class).nonce()).isEqualTo(4);
        assertThat(alice.drainPushes(Pong.class)).isEmpty();
    }

    private static boolean readUntilClosed(InputStream in) {
        try {
            byte[] buffer = new byte[1024];
            while (in.read(buffer) >= 0) {
                // discard whatever the server sends (a TLS alert) until it closes
            }
            return true;
        } catch (IOException e) {
            return !(e instanceof java.net.SocketTimeoutException);
        }
    }
}
