package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.testing.TestClient;
import dev.parley.server.testing.TestServers;
import dev.parley.wire.Accepted;
import dev.parley.wire.Send;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class MetricsTest {
    @TempDir
    Path dir;

    @Test
    void thePrometheusEndpointReportsConnectionsQueuesAndRouting() throws Exception {
        Path data = dir.resolve("server");
        String scrape;
        try (ParleyServer server = ParleyServer.start(TestServers.config(data).withMetricsPort(0));
             TestClient alice = TestClient.connect(server.port());
             TestClient bob = TestClient.connect(server.port())) {
            alice.signUp("alice", "alice password");
            bob.signUp("bob", "bob password");
            bob.socket().close();
            alice.expect(new Send("bob", 1, new byte[] {1}), Accepted.class);
            scrape = scrape(server);
            assertThat(scrape).contains("parley_connections", "parley_users_online", "parley_queue_depth 1.0",
                    "parley_messages_routed_total 1.0", "parley_store_batch_latency_seconds", "jvm_memory_used_bytes");
        }
        assertThat(syncs(scrape)).as("the default, synchronous=FULL: the log was synced before Accepted")
                .isGreaterThanOrEqualTo(1);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("tls/server.key")))).isEqualTo("rw-------");
    }

    /** With EXTRA, SQLite syncs inside each commit and no sync of the log is made apart from it. */
    @Test
    void withSynchronousExtraTheCommitSyncsAndNoSeparateSyncIsMade() throws Exception {
        try (ParleyServer server = ParleyServer.start(TestServers.config(dir.resolve("extra")).withMetricsPort(0)
                .with("synchronous", "EXTRA"));
             TestClient alice = TestClient.connect(server.port())) {
            alice.signUp("alice", "alice password");
            alice.expect(new Send("alice", 1, new byte[] {1}), Accepted.class);
            assertThat(syncs(scrape(server))).isZero();
        }
    }

    private static String scrape(ParleyServer server) throws Exception {
        return HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.metricsPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The count of the store's log syncs in a scrape. */
    private static double syncs(String scrape) {
        return scrape.lines().filter(line -> line.startsWith("parley_store_sync_latency_seconds_count"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElseThrow();
    }
}
