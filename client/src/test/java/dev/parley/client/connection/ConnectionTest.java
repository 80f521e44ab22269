package dev.parley.client.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import dev.parley.wire.ErrorCode;
import dev.parley.wire.KeysLow;
import dev.parley.wire.Message;
import dev.parley.wire.Ping;
import dev.parley.wire.Pong;
import dev.parley.wire.UserList;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class ConnectionTest {

    private static final Connection.Timeouts TIMEOUTS =
            new Connection.Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofMinutes(5));

    @TempDir
    Path dir;

    private final LinkedBlockingQueue<Message> pushes = new LinkedBlockingQueue<>();
    private final CompletableFuture<Throwable> closed = new CompletableFuture<>();
    private final ConnectionListener listener = new ConnectionListener() {
        @Override
        public void onPush(Message push) {
            pushes.add(push);
        }

        @Override
        public void onClosed(Throwable cause) {
            closed.complete(cause);
        }
    };

    private static Message respond(Message request) {
        return switch (request) {
            case Ping(long nonce) -> new Pong(nonce);
            case dev.parley.wire.ListUsers ignored -> new UserList(List.of());
            case dev.parley.wire.Ack ignored -> null;
            default -> new dev.parley.wire.Error(ErrorCode.NOT_SIGNED_IN, "Sign in first.");
        };
    }

    @Test
    void theFirstConnectionPinsTheCertificateAndLaterOnesAcceptIt() throws Exception {
        KnownServers known = new KnownServers(dir.resolve("known_servers"));
        try (TestTlsServer server = new TestTlsServer("server-one.p12", ConnectionTest::respond)) {
            Endpoint endpoint = new Endpoint("127.0.0.1", server.port());
            try (Connection first = Connection.open(endpoint, new ServerTrust.PinOnFirstUse(known), TIMEOUTS, listener)) {
                assertThat(first.pinnedOnFirstUse()).isPresent();
                assertThat(known.pinned(endpoint)).isEqualTo(first.pinnedOnFirstUse());
            }
            try (Connection second = Connection.open(endpoint, new ServerTrust.PinOnFirstUse(known), TIMEOUTS, listener)) {
                assertThat(second.pinnedOnFirstUse()).isEmpty();
                assertThat(second.request(new Ping(7)).get(5, TimeUnit.SECONDS)).isEqualTo(new Pong(7));
            }
        }
    }

    /** Once a server is pinned, later connections resume their TLS session: no certificate is shown again. */
    @Test
    void laterConnectionsToAPinnedServerResumeTheTlsSession() throws Exception {
        try (TestTlsServer server = new TestTlsServer("server-one.p12", ConnectionTest::respond)) {
            assertThat(resumedInTurn(new Endpoint("127.0.0.1", server.port()), 4)).containsExactly(false, false, true, true);
        }
    }

    /** The same against the real server (BoringSSL, stateless tickets), which is what a reconnecting client meets. */
    @Test
    void laterConnectionsToTheRealServerResumeTheTlsSession() throws Exception {
        try (ParleyServer server = ParleyServer.start(ServerConfig.defaults(dir.resolve("server")).withHost("127.0.0.1").withPort(0))) {
            assertThat(resumedInTurn(new Endpoint("127.0.0.1", server.port()), 4)).containsExactly(false, false, true, true);
        }
    }

    /**
     * Opens n connections one after the other (each answers a Ping, which brings the server's tickets) and says which
     * resumed: the first pins the certificate on its own, the second does the first full handshake on the server's
     * shared context, and from then on each resumes.
     */
    private List<Boolean> resumedInTurn(Endpoint endpoint, int n) throws Exception {
        KnownServers known = new KnownServers(dir.resolve("known_servers"));
        List<Boolean> resumed = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            try (Connection connection = Connection.open(endpoint, new ServerTrust.PinOnFirstUse(known), TIMEOUTS, listener)) {
                assertThat(connection.request(new Ping(i)).get(5, TimeUnit.SECONDS)).isEqualTo(new Pong(i));
                resumed.add(connection.tlsResumed());
            }
        }
        return resumed;
    }

    @Test
    void aChangedCertificateIsRefusedWithAClearSentence() throws Exception {
        KnownServers known = new KnownServers(dir.resolve("known_servers"));
        int port;
        try (TestTlsServer server = new TestTlsServer("server-one.p12", ConnectionTest::respond)) {
            port = server.port();
            Connection.open(new Endpoint("127.0.0.1", port), new ServerTrust.PinOnFirstUse(known), TIMEOUTS, listener)
                    .close();
        }
        try (TestTlsServer impostor = new TestTlsServer("server-two.p12", ConnectionTest::respond)) {
            // same host:port key as the first server, different certificate
            String pinned = known.pinned(new Endpoint("127.0.0.1", port)).orElseThrow();
            Endpoint impostorEndpoint = new Endpoint("127.0.0.1", impostor.port());
            known.pin(impostorEndpoint, pinned);
            assertThatThrownBy(() -> Connection.open(impostorEndpoint, new ServerTrust.PinOnFirstUse(known), TIMEOUTS,
                    listener))
                    .isInstanceOf(ServerCertificateChangedException.class)
                    .hasMessageStartingWith("the server at 127.0.0.1:" + impostor.port()
                            + " presented a different certificate")
                    .hasMessageContaining("someone may be intercepting the connection")
                    .hasMessageContaining(known.file().toString());
            assertThat(known.pinned(impostorEndpoint)).contains(pinned);
        }
    }

    @Test
    void aConfiguredCaCertificateIsTrustedForItsHostName() throws Exception {
        Path ca = Path.of(ConnectionTest.class.getResource("/tls/server-one.pem").toURI());
        ServerTrust.Authority authority = ServerTrust.Authority.load(ca);
        try (TestTlsServer server = new TestTlsServer("server-one.p12", ConnectionTest::respond);
             Connection connection = Connection.open(new Endpoint("localhost", server.port()), authority, TIMEOUTS,
                     listener)) {
            assertThat(connection.request(new Ping(1)).get(5, TimeUnit.SECONDS)).isEqualTo(new Pong(1));
        }
        try (TestTlsServer other = new TestTlsServer("server-two.p12", ConnectionTest::respond)) {
            assertThatThrownBy(() -> Connection.open(new Endpoint("localhost", other.port()), authority, TIMEOUTS,
                    listener)).isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
        }
    }

    @Test
    void responsesMatchTheirRequestsAndErrorsBecomeServerErrors() throws Exception {
        try (TestTlsServer server = new TestTlsServer("server-one.p12", ConnectionTest::respond);
             Connection connection = open(server)) {
            CompletableFuture<Message> ping = connection.request(new Ping(42));
            CompletableFuture<Message> users = connection.request(new dev.parley.wire.ListUsers());
            CompletableFuture<Message> refused = connection.request(new dev.parley.wire.SignOut());
            assertThat(users.get(5, TimeUnit.SECONDS)).isEqualTo(new UserList(List.of()));
            assertThat(ping.get(5, TimeUnit.SECONDS)).isEqualTo(new Pong(42));
            assertThatThrownBy(() -> refused.get(5, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(ServerErrorException.class).hasMessage("Sign in first.");
        }
    }

    @Test
    void pushesReachTheListenerAndTheEndOfTheConnectionIsReported() throws Exception {
        TestTlsServer server = new TestTlsServer("server-one.p12", ConnectionTest::respond);
        Connection connection = open(server);
        connection.request(new Ping(1)).get(5, TimeUnit.SECONDS);
        server.pushToAll(new KeysLow(3));
        assertThat(pushes.poll(5, TimeUnit.SECONDS)).isEqualTo(new KeysLow(3));
        CompletableFuture<Message> unanswered = connection.request(new dev.parley.wire.Ack(List.of(1L)));
        for (var out : server.clients) {
            out.close();
        }
        server.close();
        assertThat(closed.get(5, TimeUnit.SECONDS)).isInstanceOf(ConnectionClosedException.class);
        assertThat(connection.isOpen()).isFalse();
        assertThatThrownBy(() -> unanswered.get(5, TimeUnit.SECONDS)).cause()
                .isInstanceOf(ConnectionClosedException.class);
        assertThatThrownBy(() -> connection.request(new Ping(2)).get(5, TimeUnit.SECONDS)).cause()
                .isInstanceOf(ConnectionClosedException.class);
    }

    @Test
    void closingOnPurposeReportsNoCause() throws Exception {
        try (TestTlsServer server = new TestTlsServer("server-one.p12", ConnectionTest::respond)) {
            Connection connection = open(server);
            connection.close();
            assertThat(closed.get(5, TimeUnit.SECONDS)).isNull();
        }
    }

    @Test
    void anUnreachableServerFailsToConnect() {
        KnownServers known = new KnownServers(dir.resolve("known_servers"));
        assertThatThrownBy(() -> Connection.open(new Endpoint("127.0.0.1", 1), new ServerTrust.PinOnFirstUse(known),
                TIMEOUTS, listener)).isInstanceOf(java.net.ConnectException.class);
    }

    private Connection open(TestTlsServer server) throws Exception {
        KnownServers known = new KnownServers(dir.resolve("known_servers"));
        return Connection.open(new Endpoint("127.0.0.1", server.port()), new ServerTrust.PinOnFirstUse(known),
                TIMEOUTS, listener);
    }
}
