package dev.parley.bench;

import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.wire.Ping;
import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.handler.ssl.SslHandler;
import io.netty.internal.tcnative.SSL;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each workload in a tiny form against an in-process server on 127.0.0.1: zero loss and a sane report. No timing
 * assertions: this machine is shared and small.
 */
class WorkloadsTest {
    @TempDir
    static Path dir;
    static ParleyServer server;
    static String address;

    @BeforeAll
    static void start() throws Exception {
        ServerConfig config = ServerConfig.load(Path.of("server-bench.properties"), dir.resolve("data"))
                .withPort(0)
                .withArgon2(64, 1, 1); // sign-up is not what these tests measure
        server = ParleyServer.start(config);
        address = "127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static Report run(String workload, String... flags) throws Exception {
        List<String> args = new ArrayList<>(List.of("--server", address, "--state-dir", dir.resolve("state").toString(),
                "--server-pid", Long.toString(ProcessHandle.current().pid()), "--deadline", "120"));
        args.addAll(List.of(flags));
        Report r = BenchMain.runWorkload(workload, Options.parse(args.toArray(String[]::new), 0), System.err);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        r.print(new PrintStream(out, true, StandardCharsets.UTF_8));
        String printed = out.toString(StandardCharsets.UTF_8);
        System.out.println(printed);
        List<String> jsonLines = printed.lines().filter(l -> l.startsWith("{\"bench\":\"parley\"")).toList();
        assertThat(jsonLines).as(printed).hasSize(1);
        assertThat(jsonLines.get(0)).contains("\"workload\":\"" + workload + "\"").contains("\"params\"").contains("\"results\"");
        assertThat(printed).contains("| figure");
        return r;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @Test
    void w1PairsLosesNothing() throws Exception {
        Report r = run("W1", "--users", "20", "--rate", "200", "--warmup", "0.5", "--duration", "2", "--drain", "10");
        assertThat(r.getLong("sent")).isGreaterThan(300);
        assertThat(r.getLong("accepted")).isEqualTo(r.getLong("sent"));
        assertThat(r.getLong("send_errors")).isZero();
        assertThat(r.getLong("lost")).isZero();
        assertThat(r.getLong("delivered")).isEqualTo(r.getLong("sent"));
        assertThat(r.getLong("duplicates")).isZero();
        assertThat(map(r.get("latency_ms"))).containsKeys("p50", "p99", "p99_9", "max");
        assertThat(map(r.get("cpu"))).containsKey("server_cpu_s");
        assertThat(r.environment).as("W1 drives all its pairs from one event loop unless --threads says otherwise")
                .containsEntry("event_loops", 1);
    }

    @Test
    void w1FindMaxSteps() throws Exception {
        Report r = run("W1", "--users", "10", "--find-max", "--rate", "100", "--step-warmup", "0.2", "--step-duration", "1",
                "--max-steps", "2", "--pause", "0.1", "--user-prefix", "w1f");
        assertThat(r.steps).hasSize(2);
        for (Map<String, Object> step : r.steps) {
            assertThat((Long) step.get("lost")).isZero();
        }
        assertThat(r.get("max_sustained_rate")).isNotNull();
    }

    @Test
    void w2GroupFanOutLosesNothing() throws Exception {
        Report r = run("W2", "--members", "10", "--senders", "2", "--rate", "50", "--warmup", "0.5", "--duration", "2");
        assertThat(r.getLong("sent")).isGreaterThan(50);
        assertThat(r.getLong("send_errors")).isZero();
        assertThat(r.getLong("lost")).isZero();
        assertThat(r.getLong("delivered")).isEqualTo(r.getLong("accepted") * 9);
        assertThat((Double) r.get("delivered_per_s")).isPositive();
        assertThat(r.environment).containsEntry("event_loops", Math.min(2, Runtime.getRuntime().availableProcessors()));
    }

    @Test
    void w3IdleConnectionsAllSignIn() throws Exception {
        Report r = run("W3", "--connections", "50", "--hold", "1", "--settle", "0.2", "--sources", "3", "--warmup-connections", "10",
                "--jcmd", "off");
        assertThat(r.getLong("signed_in")).isEqualTo(50);
        assertThat(r.getLong("active_after_hold")).isEqualTo(50);
        assertThat(r.getLong("by_resume")).isEqualTo(50);
        assertThat(r.getLong("sign_ins_per_s")).isPositive();
        assertThat(map(r.get("server_after"))).containsKey("rss_bytes");
        // one handshake per sign-in; the warm-up left tickets, so at least the first 20 (2 per warm-up connection) resume
        assertThat(r.getLong("tls_resumed") + r.getLong("tls_full")).isEqualTo(50);
        assertThat(r.getLong("tls_resumed")).isGreaterThanOrEqualTo(20);
        assertThat(r.params).containsEntry("tls_resume", "on");
    }

    @Test
    void w3WithoutTlsResumptionDoesFullHandshakesOnly() throws Exception {
        Report r = run("W3", "--connections", "20", "--hold", "0.2", "--settle", "0.2", "--sources", "2", "--warmup-connections", "10",
                "--jcmd", "off", "--tls-resume", "off", "--user-prefix", "w3off");
        assertThat(r.getLong("signed_in")).isEqualTo(20);
        assertThat(r.getLong("tls_resumed")).isZero();
        assertThat(r.getLong("tls_full")).isEqualTo(20);
        assertThat(r.getLong("tls_handshakes_resumed")).isZero();
    }

    /** Resumption as the load tool counts it (no certificate shown) against what BoringSSL itself reports. */
    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk"})
    void resumedHandshakesAreCountedAsTheyHappen(String provider) throws Exception {
        BenchStats stats = new BenchStats();
        List<Boolean> resumed = new ArrayList<>();
        try (Transport transport = new Transport(new InetSocketAddress("127.0.0.1", server.port()), 1, 0, provider, "epoll", true, Transport.CLIENT_GROUPS,
                stats, 20_000)) {
            for (int i = 0; i < 3; i++) {
                Conn conn = transport.connect(Conn.IGNORE).get(20, TimeUnit.SECONDS);
                conn.request(new Ping(i), 20_000).get(20, TimeUnit.SECONDS); // the answer brings the session tickets
                if (conn.channel().pipeline().get(SslHandler.class).engine() instanceof ReferenceCountedOpenSslEngine engine) {
                    boolean reused = conn.channel().eventLoop().submit(() -> SSL.isSessionReused(engine.sslPointer())).get();
                    assertThat(conn.tlsResumed).isEqualTo(reused);
                }
                resumed.add(conn.tlsResumed);
                conn.close();
            }
        }
        assertThat(resumed).containsExactly(false, true, true);
        assertThat(stats.tlsResumed.sum()).isEqualTo(2);
        assertThat(stats.tlsFull.sum()).isEqualTo(1);
    }

    /** The key exchange the server negotiates with the tool, as BoringSSL reports it: the client's, unless asked otherwise. */
    @ParameterizedTest
    @ValueSource(strings = {"X25519", "X25519MLKEM768"})
    void theToolNegotiatesTheKeyExchangeItOffers(String offered) throws Exception {
        List<String> groups = offered.equals("X25519") ? Transport.CLIENT_GROUPS : List.of(offered, "X25519");
        try (Transport transport = new Transport(new InetSocketAddress("127.0.0.1", server.port()), 1, 0, "openssl", "epoll", false, groups,
                new BenchStats(), 20_000)) {
            Conn conn = transport.connect(Conn.IGNORE).get(20, TimeUnit.SECONDS);
            conn.request(new Ping(1), 20_000).get(20, TimeUnit.SECONDS);
            var engine = (ReferenceCountedOpenSslEngine) conn.channel().pipeline().get(SslHandler.class).engine();
            String negotiated = conn.channel().eventLoop().submit(() -> SSL.getGroupName(engine.sslPointer())).get();
            conn.close();
            assertThat(negotiated).isEqualTo(offered);
        }
    }

    @Test
    void w4OfflineDrainReceivesEverything() throws Exception {
        Report r = run("W4", "--messages", "200", "--rounds", "2", "--warmup-rounds", "1", "--settle", "0.2");
        assertThat(r.getLong("rounds_completed")).isEqualTo(2);
        assertThat(r.getLong("received")).isEqualTo(400);
        assertThat(r.getLong("lost")).isZero();
        assertThat((Double) r.get("drain_s_median")).isPositive();
    }
}
