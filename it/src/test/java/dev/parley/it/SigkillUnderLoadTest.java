package dev.parley.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.client.ChatMessage;
import dev.parley.client.ParleyClient;
import dev.parley.client.events.ClientEvent.DecryptionFailed;
import dev.parley.client.events.ClientEvent.MessageReceived;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash test: four real clients send to two real readers at a steady rate (200 messages a second
 * in all by default) while the server, in its own process, is killed with SIGKILL and started again on
 * the same data folder and port, ten times. Every message the server acknowledged (Accepted, "✓ sent")
 * must be shown by its reader, and none may be shown twice.
 *
 * <p>It prints one line: acknowledged / delivered / lost / duplicated-shown / undecryptable, and fails
 * unless lost, duplicated-shown and undecryptable are 0. The restarts leave each sender with thousands
 * of messages to resend, far over the server's rate limit, which is what once made senders reorder
 * their messages beyond what a reader can decrypt. A longer run: {@code ./parley mvn -B -o -pl it test
 * -Dtest=SigkillUnderLoadTest -Dparley.crash.kills=50 -Dparley.crash.rate=300}; add
 * {@code -Dparley.it.serverlog=1} to see the server's log lines.
 */
@Timeout(420)
class SigkillUnderLoadTest {
    private static final int KILLS = Integer.getInteger("parley.crash.kills", 10);
    private static final int RATE = Integer.getInteger("parley.crash.rate", 200);
    private static final List<String> SENDERS = List.of("amy", "ben", "cat", "dan");
    private static final List<String> READERS = List.of("rita", "ruth");

    @TempDir
    Path temp;

    /** What one sender was told, per text. */
    private final Set<String> submitted = ConcurrentHashMap.newKeySet();
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final Map<String, String> refused = new ConcurrentHashMap<>();
    /** Everything each reader showed, in order. */
    private final ConcurrentLinkedQueue<String> shown = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean sending = new AtomicBoolean(true);
    /** Messages a reader was given but could not decrypt (each one is also missing from shown). */
    private final AtomicInteger undecryptable = new AtomicInteger();

    @Test
    void everyAcknowledgedMessageIsShownExactlyOnceAcrossRepeatedSigkills() throws Exception {
        Path data = temp.resolve("server");
        ServerProcess server = ServerProcess.start(data, 0);
        int port = server.port();
        List<Thread> senders = new ArrayList<>();
        try (Accounts accounts = new Accounts(temp.resolve("clients"), port)) {
            List<ParleyClient> readers = new ArrayList<>();
            for (String name : READERS) {
                ParleyClient reader = accounts.signedUp(name);
                reader.addListener(event -> {
                    if (event instanceof MessageReceived(ChatMessage message)) {
                        shown.add(message.text());
                    } else if (event instanceof DecryptionFailed) {
                        undecryptable.incrementAndGet();
                    }
                });
                readers.add(reader);
            }
            List<ParleyClient> clients = new ArrayList<>();
            for (String name : SENDERS) {
                clients.add(accounts.signedUp(name));
            }
            long periodNanos = 1_000_000_000L * SENDERS.size() / RATE;
            for (int i = 0; i < clients.size(); i++) {
                ParleyClient client = clients.get(i);
                String from = SENDERS.get(i);
                String to = READERS.get(i % READERS.size());
                senders.add(Thread.ofPlatform().name("sender-" + from).start(() -> sendSteadily(client, from, to, periodNanos)));
            }

            long started = System.nanoTime();
            int inFlightAtKills = 0;
            Thread reporter = Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        Thread.sleep(5_000);
                        System.out.println("crash test progress: " + progress(clients));
                    }
                } catch (InterruptedException | RuntimeException e) {
                    // the test is over
                }
            });
            for (int kill = 1; kill <= KILLS; kill++) {
                awaitProgressSinceRestart(50, Duration.ofSeconds(30));
                Thread.sleep(ThreadLocalRandom.current().nextInt(800));
                inFlightAtKills += submitted.size() - acknowledged.size();
                server.kill();
                server = ServerProcess.start(data, port);
            }
            awaitProgressSinceRestart(50, Duration.ofSeconds(30));
            sending.set(false);
            for (Thread sender : senders) {
                sender.join(Duration.ofSeconds(10));
            }
            long chaosSeconds = (System.nanoTime() - started) / 1_000_000_000L;

            for (ParleyClient client : clients) {
                assertThat(client.awaitOutboxEmpty(Duration.ofSeconds(120))).as("every sender's outbox empties; %s", progress(clients))
                        .isTrue();
            }
            awaitAllShown(Duration.ofSeconds(120));
            Thread.sleep(2_000); // a redelivery after the last ack would show up now

            reporter.interrupt();
            List<String> shownNow = List.copyOf(shown);
            Set<String> distinct = new HashSet<>(shownNow);
            long delivered = acknowledged.stream().filter(distinct::contains).count();
            long lost = acknowledged.size() - delivered;
            long duplicated = shownNow.size() - distinct.size();
            Set<String> unexpected = new HashSet<>(distinct);
            unexpected.removeAll(submitted);
            System.out.printf("crash test: %d SIGKILLs in %d s at %d msg/s target; submitted=%d acknowledged=%d delivered=%d"
                            + " lost=%d duplicated-shown=%d undecryptable=%d refused=%d in-flight-at-kills=%d%n",
                    KILLS, chaosSeconds, RATE, submitted.size(), acknowledged.size(), delivered, lost, duplicated,
                    undecryptable.get(), refused.size(), inFlightAtKills);

            assertThat(undecryptable).as("messages a reader could not decrypt").hasValue(0);
            assertThat(lost).as("acknowledged but never shown, e.g. %s",
                    acknowledged.stream().filter(t -> !distinct.contains(t)).sorted().limit(10).toList()).isZero();
            assertThat(duplicated).as("shown more than once").isZero();
            assertThat(refused).as("refused by the server").isEmpty();
            assertThat(unexpected).as("shown but never sent").isEmpty();
            assertThat(acknowledged).as("every submitted message is eventually acknowledged").hasSameSizeAs(submitted);
            assertThat(inFlightAtKills).as("the kills happened while messages were on their way").isPositive();
            for (int i = 0; i < READERS.size(); i++) {
                assertNoDuplicatesInHistory(readers.get(i), i);
            }
        } finally {
            sending.set(false);
            server.close();
        }
    }

    private String progress(List<ParleyClient> clients) {
        return "submitted=" + submitted.size() + " acknowledged=" + acknowledged.size() + " shown=" + shown.size()
                + " outboxes=" + clients.stream().map(c -> c.inspect().outboxSize()).toList();
    }

    private final AtomicLong restartMark = new AtomicLong();

    /** Waits until the senders got at least n more acknowledgements since the last call (the server is back and busy). */
    private void awaitProgressSinceRestart(int n, Duration timeout) throws InterruptedException {
        long from = restartMark.get();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (acknowledged.size() < from + n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the senders made no progress after a restart: " + acknowledged.size() + " acknowledged");
            }
            Thread.sleep(20);
        }
        restartMark.set(acknowledged.size());
    }

    private void sendSteadily(ParleyClient client, String from, String to, long periodNanos) {
        AtomicInteger seq = new AtomicInteger();
        long next = System.nanoTime();
        while (sending.get()) {
            String text = from + " #" + seq.incrementAndGet();
            submitted.add(text);
            try {
                client.sendAsync(to, text).whenComplete((message, failure) -> {
                    if (failure == null) {
                        acknowledged.add(text);
                    } else {
                        refused.put(text, String.valueOf(failure));
                    }
                });
            } catch (RuntimeException e) {
                refused.put(text, e.toString());
            }
            next += periodNanos;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait);
            }
        }
    }

    private void awaitAllShown(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!new HashSet<>(shown).containsAll(acknowledged) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
    }

    /** The readers' own stores: each sender's conversation holds each message exactly once. */
    private void assertNoDuplicatesInHistory(ParleyClient reader, int readerIndex) {
        for (int i = 0; i < SENDERS.size(); i++) {
            if (i % READERS.size() != readerIndex) {
                continue;
            }
            List<String> stored = reader.history(SENDERS.get(i), 1_000_000).stream().map(ChatMessage::text).toList();
            assertThat(stored).as("history of %s with %s", READERS.get(readerIndex), SENDERS.get(i)).doesNotHaveDuplicates();
            String prefix = SENDERS.get(i) + " #";
            long expected = acknowledged.stream().filter(t -> t.startsWith(prefix)).count();
            assertThat(stored.size()).as("stored messages from %s", SENDERS.get(i)).isGreaterThanOrEqualTo((int) expected);
        }
    }
}
