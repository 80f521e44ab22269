package dev.parley.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.client.ParleyClient;
import dev.parley.client.events.ClientEvent.FileReceived;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files benchmark of docs/benchmarks.md: one file sent end to end on this machine — the server in
 * its own JVM, sender and recipient clients in this one — timed from the send until the recipient's
 * verified copy is saved. Not part of verify; run it with
 * {@code ./parley mvn -B -o -pl it test -Dtest=FilesBenchmark -Dparley.files.bench=1024} (MiB).
 */
@EnabledIfSystemProperty(named = "parley.files.bench", matches = "\\d+")
class FilesBenchmark {
    @TempDir
    Path temp;

    private static long clientCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** CPU time of the server, the one child process of this JVM. */
    private static long serverCpuNanos() {
        return ProcessHandle.current().children()
                .mapToLong(p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L)).sum();
    }

    @Test
    void oneLargeFileEndToEnd() throws Exception {
        long mib = Long.parseLong(System.getProperty("parley.files.bench"));
        Path file = temp.resolve("bench.bin");
        byte[] buffer = new byte[1 << 20];
        Random random = new Random(1);
        MessageDigest sent = MessageDigest.getInstance("SHA-256");
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long i = 0; i < mib; i++) {
                random.nextBytes(buffer);
                sent.update(buffer);
                out.write(buffer);
            }
        }
        ServerProcess server = ServerProcess.start(temp.resolve("server"), 0);
        try (Accounts accounts = new Accounts(temp.resolve("clients"), server.port())) {
            ParleyClient alice = accounts.signedUp("alice");
            ParleyClient bob = accounts.signedUp("bob");
            long clientCpu = clientCpuNanos();
            long serverCpu = serverCpuNanos();
            long started = System.nanoTime();
            alice.sendFile("bob", file);
            long uploaded = System.nanoTime();
            FileReceived received = bob.events().await(FileReceived.class, Duration.ofHours(1));
            long done = System.nanoTime();
            double seconds = (done - started) / 1e9;
            double cpu = (clientCpuNanos() - clientCpu + serverCpuNanos() - serverCpu) / 1e9;
            System.out.printf("FILES-BENCH size=%d MiB upload+message=%.2f s end-to-end=%.2f s rate=%.1f MiB/s"
                            + " cpu=%.1f s (clients %.1f, server %.1f) = %.1f MiB per CPU-second%n", mib,
                    (uploaded - started) / 1e9, seconds, mib / seconds, cpu, (clientCpuNanos() - clientCpu) / 1e9,
                    (serverCpuNanos() - serverCpu) / 1e9, mib / cpu);
            MessageDigest got = MessageDigest.getInstance("SHA-256");
            try (var in = Files.newInputStream(received.file().path())) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    got.update(buffer, 0, n);
                }
            }
            assertThat(HexFormat.of().formatHex(got.digest())).isEqualTo(HexFormat.of().formatHex(sent.digest()));
        } finally {
            server.close();
        }
    }
}
