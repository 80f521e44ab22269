package dev.parley.client.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.client.ClientOptions;
import dev.parley.client.ParleyClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A real server on 127.0.0.1:0 per test and real clients, each with its own data folder, all closed afterwards. */
abstract class RealServerTest {
    static final String PASSWORD = "correct horse battery";

    @TempDir
    Path dir;

    TestServer server;
    final List<ParleyClient> clients = new ArrayList<>();

    @BeforeEach
    void startServer() throws Exception {
        server = new TestServer(dir.resolve("server"));
    }

    @AfterEach
    void stopAll() {
        clients.forEach(ParleyClient::close);
        server.close();
    }

    /** The options of a client whose data folder is named dataName; tests may tighten them. */
    ClientOptions options(String dataName) {
        return ClientOptions.of("127.0.0.1", server.port(), dir.resolve(dataName))
                .withReconnect(Duration.ofMillis(50), Duration.ofMillis(400));
    }

    ParleyClient client(String dataName) {
        ParleyClient client = ParleyClient.open(options(dataName));
        clients.add(client);
        return client;
    }

    /** A new client on name's data folder, signed in silently with the session its earlier client saved. */
    ParleyClient resumed(String name) {
        ParleyClient client = client(name);
        assertThat(client.resume(name)).as("%s resumes the saved session", name).isTrue();
        return client;
    }

    ParleyClient signedUp(String name) {
        ParleyClient client = client(name);
        client.signUp(name, PASSWORD);
        return client;
    }
}
