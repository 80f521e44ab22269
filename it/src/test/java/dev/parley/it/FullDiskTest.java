package dev.parley.it;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.parley.client.ChatMessage;
import dev.parley.client.ChatMessage.DeliveryState;
import dev.parley.client.ParleyClient;
import dev.parley.client.events.ClientEvent.MessageReceived;
import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import dev.parley.wire.Accepted;
import dev.parley.wire.Ack;
import dev.parley.wire.Deliver;
import dev.parley.wire.Error;
import dev.parley.wire.ErrorCode;
import dev.parley.wire.Message;
import dev.parley.wire.Send;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The server's data folder on a real, tiny file system (a 6 MiB tmpfs mounted for the test, which
 * needs root): once it is full, senders get a clear, retryable error and the log says why; nothing
 * acknowledged before is lost; when space returns the server carries on by itself, and a message
 * retried by a real client is stored and delivered once.
 *
 * <p>A folder that becomes read-only while the server runs is not reproduced: as root, permissions do
 * not bind, and a tmpfs refuses {@code remount,ro} (EBUSY) while the database is open. It fails writes
 * into the same store-failure path as a full disk (SQLite reports an error on write or commit).
 */
@Timeout(180)
class FullDiskTest {
    private static final String SENTENCE = "the server could not store that right now; try again shortly";

    @TempDir
    Path temp;

    Path mount;
    ParleyServer server;
    Accounts accounts;
    ListAppender<ILoggingEvent> log;

    @BeforeEach
    void mountTinyFileSystem() throws Exception {
        mount = temp.resolve("tiny");
        Files.createDirectories(mount);
        Assumptions.assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=6m,mode=700", "tmpfs", mount.toString()) == 0,
                "mounting a tmpfs needs root (CAP_SYS_ADMIN); docs/SECURITY.md says how the full-disk behaviour is covered then");
        log = new ListAppender<>();
        log.start();
        root().addAppender(log);
        server = ParleyServer.start(ServerConfig.defaults(mount.resolve("server")).withHost("127.0.0.1").withPort(0));
        accounts = new Accounts(temp.resolve("clients"), server.port());
    }

    @AfterEach
    void unmount() throws Exception {
        if (accounts != null) {
            accounts.close();
        }
        if (server != null) {
            server.close();
        }
        if (log != null) {
            root().detachAppender(log);
        }
        run("mount", "-o", "remount,rw", mount.toString());
        run("umount", "-l", mount.toString());
    }

    @Test
    void aFullDiskRefusesSendsClearlyAndTheServerRecoversWhenSpaceReturns() throws Exception {
        try (WireClient carol = WireClient.connect(server.port()); WireClient dave = WireClient.connect(server.port())) {
            carol.signUp("carol", "carol-password-1");
            dave.signUp("dave", "dave-password-1");
            ParleyClient alice = accounts.signedUp("alice");
            accounts.signedUp("bob").close();
            alice.send("bob", "stored before the disk filled up");
            List<byte[]> acceptedBefore = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                byte[] payload = WireClient.random(1000);
                carol.expect(new Send("dave", 100 + i, payload), Accepted.class);
                acceptedBefore.add(payload);
            }

            Path filler = fill(mount);
            byte[] big = WireClient.random(64 * 1024);
            Error refused = null;
            long refusedId = 0;
            for (long clientId = 1; clientId <= 200 && refused == null; clientId++) {
                Message answer = carol.call(new Send("dave", clientId, big));
                if (answer instanceof Error error) {
                    refused = error;
                    refusedId = clientId;
                } else {
                    acceptedBefore.add(big);
                }
            }
            assertThat(refused).as("a send on a full disk is refused").isNotNull();
            assertThat(refused.code()).isEqualTo(ErrorCode.UNAVAILABLE);
            assertThat(refused.message()).isEqualTo(SENTENCE);
            assertThat(failureLines()).as("the log names the failed store batch and the reason")
                    .anyMatch(line -> line.contains("event=store_batch_failed") && line.toLowerCase().contains("full"));

            // a small write may still fit into space SQLite already holds (a reused write-ahead log): then it is
            // stored and acknowledged; otherwise the client keeps retrying it. Either way it must arrive once.
            CompletableFuture<ChatMessage> pending = alice.sendAsync("bob", "written while the disk was full");
            Thread.sleep(1_000);

            Files.delete(filler);
            Accepted retried = carol.expect(new Send("dave", refusedId, big), Accepted.class);
            assertThat(retried.messageId()).isPositive();
            acceptedBefore.add(big);
            assertThat(pending.get(30, TimeUnit.SECONDS).state()).isIn(DeliveryState.SENT, DeliveryState.DELIVERED);

            assertThat(readAll(dave, acceptedBefore.size())).as("dave gets every payload that was accepted, in order")
                    .containsExactlyElementsOf(acceptedBefore.stream().map(b -> b.length).toList());
            ParleyClient bob = accounts.client("bob");
            bob.signIn("bob", Accounts.password("bob"));
            assertThat(Accounts.nextText(bob))
                    .isEqualTo("stored before the disk filled up");
            assertThat(Accounts.nextText(bob))
                    .isEqualTo("written while the disk was full");
            assertThat(bob.events().poll(Duration.ofSeconds(1)).filter(MessageReceived.class::isInstance)).isEmpty();
        }
    }

    /** Reads n deliveries (acknowledging them) and returns their payload sizes in arrival order. */
    private static List<Integer> readAll(WireClient reader, int n) throws Exception {
        List<Integer> sizes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Deliver deliver = reader.push(Deliver.class);
            sizes.add(deliver.payload().length);
            reader.send(new Ack(List.of(deliver.messageId())));
        }
        return sizes;
    }

    /** Writes a file until the file system says it is full; returns it so the test can free the space. */
    private static Path fill(Path dir) throws IOException {
        Path filler = dir.resolve("filler");
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException expected) {
            assertThat(expected.getMessage()).containsIgnoringCase("space");
        }
        return filler;
    }

    private List<String> failureLines() {
        return log.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                .map(e -> e.getLoggerName() + " " + e.getFormattedMessage()).toList();
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor(30, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }
}
