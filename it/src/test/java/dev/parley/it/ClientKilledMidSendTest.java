package dev.parley.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.client.ChatMessage;
import dev.parley.client.ChatMessage.DeliveryState;
import dev.parley.client.ChatMessage.Direction;
import dev.parley.client.ParleyClient;
import dev.parley.client.events.ClientEvent.MessageReceived;
import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command-line client, in its own process, is killed with SIGKILL in the middle of sending, three
 * times. Every message it reported with a "✓ sent to bob" line reaches Bob exactly once; its store
 * passes SQLite's integrity check after each kill; and what was still in its outbox goes out, once,
 * the next time it signs in.
 */
@Timeout(240)
class ClientKilledMidSendTest {
    private static final int KILLS = 3;
    private static final String PASSWORD = "alice-secret-77";

    @TempDir
    Path temp;

    ParleyServer server;
    Accounts accounts;

    @BeforeEach
    void start() throws Exception {
        server = ParleyServer.start(ServerConfig.defaults(temp.resolve("server")).withHost("127.0.0.1").withPort(0));
        accounts = new Accounts(temp.resolve("clients"), server.port());
    }

    @AfterEach
    void stop() {
        accounts.close();
        server.close();
    }

    @Test
    void killingTheClientMidSendLosesNothingItReportedAsSentAndItsStoreOpensCleanly() throws Exception {
        ConcurrentLinkedQueue<String> shownToBob = new ConcurrentLinkedQueue<>();
        ParleyClient bob = accounts.signedUp("bob");
        bob.addListener(event -> {
            if (event instanceof MessageReceived(ChatMessage message)) {
                shownToBob.add(message.text());
            }
        });
        Path aliceData = accounts.dataOf("alice");
        Path aliceDb = aliceData.resolve("alice").resolve("client.db");

        List<String> issued = new ArrayList<>();
        List<String> reportedSent = new ArrayList<>();
        int leftover = 0;
        int leftoversSentLater = 0;
        for (int run = 1; run <= KILLS; run++) {
            try (CliProcess cli = CliProcess.start(aliceData, server.port())) {
                if (run == 1) {
                    cli.command("SIGNUP alice " + PASSWORD);
                    cli.awaitLine("signed up and signed in as alice");
                } else {
                    cli.command("LOGIN alice " + PASSWORD);
                    cli.awaitLine("signed in as alice");
                }
                // what the last kill left in the outbox goes out first, in order, before anything new
                cli.awaitSentLines(leftover);
                leftoversSentLater += leftover;
                List<String> thisRun = new ArrayList<>();
                int confirmedOneByOne = 10 + ThreadLocalRandom.current().nextInt(20);
                for (int i = 1; i <= confirmedOneByOne; i++) {
                    String text = "run " + run + " message " + i;
                    thisRun.add(text);
                    cli.command("SEND bob " + text);
                    cli.awaitSentLines(leftover + i);
                }
                // the victim: killed somewhere between reading the command and recording the acceptance
                String last = "run " + run + " message " + (confirmedOneByOne + 1);
                thisRun.add(last);
                cli.command("SEND bob " + last);
                Thread.sleep(ThreadLocalRandom.current().nextInt(40));
                cli.kill();
                int reportedThisRun = cli.sentLines() - leftover;
                issued.addAll(thisRun);
                reportedSent.addAll(thisRun.subList(0, reportedThisRun));
            }
            StoreCheck check = StoreCheck.of(aliceDb);
            assertThat(check.integrity()).as("SQLite integrity check of the client store after kill %d", run).isEqualTo("ok");
            leftover = check.outboxEntries();
        }

        // the same data folder opens in the client library and sends what is left
        ParleyClient alice = accounts.client("alice");
        alice.signIn("alice", PASSWORD);
        assertThat(alice.awaitOutboxEmpty(Duration.ofSeconds(30))).isTrue();
        List<ChatMessage> history = alice.history("bob", 10_000);
        List<String> storedAsSent = history.stream()
                .filter(m -> m.direction() == Direction.OUT)
                .peek(m -> assertThat(m.state()).as(m.text()).isIn(DeliveryState.SENT, DeliveryState.DELIVERED))
                .map(ChatMessage::text).toList();

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!new HashSet<>(shownToBob).containsAll(storedAsSent) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        Thread.sleep(1_000);
        List<String> shown = List.copyOf(shownToBob);
        Set<String> distinct = new HashSet<>(shown);
        long lost = reportedSent.stream().filter(t -> !distinct.contains(t)).count();
        long lostFromStore = storedAsSent.stream().filter(t -> !distinct.contains(t)).count();
        long duplicated = shown.size() - distinct.size();
        System.out.printf("client kill test: %d SIGKILLs; issued=%d reported-sent=%d stored-in-client=%d shown=%d lost=%d"
                        + " lost-from-store=%d duplicated-shown=%d outbox-left-by-kills-and-sent-later=%d%n",
                KILLS, issued.size(), reportedSent.size(), storedAsSent.size(), shown.size(), lost, lostFromStore, duplicated,
                leftoversSentLater + leftover);

        assertThat(lost).as("reported as sent but never shown to bob").isZero();
        assertThat(lostFromStore).as("in the client's history but never shown to bob").isZero();
        assertThat(duplicated).as("shown to bob more than once").isZero();
        assertThat(issued).as("bob was shown only what alice sent").containsAll(distinct);
        assertThat(storedAsSent).as("the client's history holds every reported message once").containsAll(reportedSent)
                .doesNotHaveDuplicates();
    }

    /** What the killed client left on disk, read with SQLite itself (which first recovers the write-ahead log). */
    record StoreCheck(String integrity, int outboxEntries) {
        static StoreCheck of(Path db) throws Exception {
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                 Statement s = c.createStatement()) {
                String integrity;
                try (ResultSet r = s.executeQuery("PRAGMA integrity_check")) {
                    r.next();
                    integrity = r.getString(1);
                }
                try (ResultSet r = s.executeQuery("SELECT count(*) FROM outbox WHERE kind = 'DIRECT'")) {
                    r.next();
                    return new StoreCheck(integrity, r.getInt(1));
                }
            }
        }
    }

    /** {@code parley client} in scripted mode in its own JVM: commands written to it, lines read from it. */
    static final class CliProcess implements AutoCloseable {
        private final Process process;
        private final OutputStream in;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final List<String> all = new ArrayList<>();
        private final Thread reader;
        private volatile int sentLines;

        private CliProcess(Process process) {
            this.process = process;
            this.in = process.getOutputStream();
            this.reader = Thread.ofVirtual().start(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = out.readLine()) != null; ) {
                        if (line.equals("✓ sent to bob")) {
                            sentLines++;
                        }
                        synchronized (all) {
                            all.add(line);
                        }
                        lines.add(line);
                    }
                } catch (IOException ignored) {
                    // killed
                }
            });
        }

        static CliProcess start(Path data, int port) throws IOException {
            String java = ProcessHandle.current().info().command().orElse("java");
            return new CliProcess(new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                    System.getProperty("java.class.path"), "dev.parley.cli.Main", "client",
                    "--server", "127.0.0.1:" + port, "--data", data.toString())
                    .redirectErrorStream(true)
                    .start());
        }

        void command(String line) throws IOException {
            in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        }

        /** Waits for the next line equal to the expected one, skipping others. */
        void awaitLine(String expected) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                String line = lines.poll(100, TimeUnit.MILLISECONDS);
                if (expected.equals(line)) {
                    return;
                }
            }
            synchronized (all) {
                throw new AssertionError("the client never printed \"" + expected + "\"; it printed " + all);
            }
        }

        int sentLines() {
            return sentLines;
        }

        /** Waits until the client printed at least n "✓ sent to bob" lines since it started. */
        void awaitSentLines(int n) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (sentLines < n) {
                if (System.nanoTime() > deadline) {
                    synchronized (all) {
                        throw new AssertionError("the client printed " + sentLines + " of " + n + " \"✓ sent\" lines: " + all);
                    }
                }
                Thread.sleep(5);
            }
        }

        /** SIGKILL, then every line it printed before dying has been read. */
        void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
            reader.join(Duration.ofSeconds(10));
        }

        @Override
        public void close() throws InterruptedException {
            if (process.isAlive()) {
                kill();
            }
        }
    }
}
