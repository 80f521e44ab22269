package dev.parley.client.e2e;

import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/** A real server on 127.0.0.1 with cheap password hashing; restartable on the same port and data. */
final class TestServer implements AutoCloseable {

    private final Path data;
    private final UnaryOperator<ServerConfig> settings;
    private ParleyServer server;
    private int port;

    TestServer(Path data) throws Exception {
        this(data, UnaryOperator.identity());
    }

    /** With {@code settings} applied to the test defaults, e.g. a tighter rate limit. */
    TestServer(Path data, UnaryOperator<ServerConfig> settings) throws Exception {
        this.data = data;
        this.settings = settings;
        start(0);
    }

    private void start(int onPort) throws Exception {
        server = ParleyServer.start(settings.apply(ServerConfig.defaults(data)
                .withHost("127.0.0.1")
                .withPort(onPort)
                .withArgon2(1024, 1, 1)
                .withShutdownGrace(java.time.Duration.ofMillis(200))));
        port = server.port();
    }

    int port() {
        return port;
    }

    String fingerprint() {
        return server.certificateFingerprint();
    }

    void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    void restart() throws Exception {
        stop();
        start(port);
    }

    /** A different server (new data, new certificate) on the same port: what an attacker would look like. */
    void replaceWithImpostor(Path otherData) throws Exception {
        stop();
        server = ParleyServer.start(ServerConfig.defaults(otherData).withHost("127.0.0.1").withPort(port)
                .withArgon2(1024, 1, 1));
    }

    @Override
    public void close() {
        stop();
    }
}
