package dev.parley.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.client.ParleyClient;
import dev.parley.client.events.ClientEvent;
import dev.parley.client.events.ClientEvent.MessageReceived;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server in its own process, stopped gracefully or killed with SIGKILL right after it
 * acknowledged, then started again on the same data folder and port: nothing acknowledged is lost,
 * and the reader sees each message exactly once.
 */
@Timeout(180)
class CrashRecoveryTest {
    @TempDir
    Path temp;

    @Test
    void aMessageAcknowledgedJustBeforeSigkillIsStillDelivered() throws Exception {
        Path data = temp.resolve("server");
        ServerProcess server = ServerProcess.start(data, 0);
        int port = server.port();
        try (Accounts accounts = new Accounts(temp.resolve("clients"), port)) {
            accounts.signedUp("bob").close();
            ParleyClient alice = accounts.signedUp("alice");

            alice.send("bob", "sent right before the crash");
            server.kill();
            server = ServerProcess.start(data, port);

            ParleyClient bob = accounts.client("bob");
            bob.signIn("bob", Accounts.password("bob"));
            MessageReceived got = bob.events().await(MessageReceived.class, Accounts.WAIT);
            assertThat(got.message().text()).isEqualTo("sent right before the crash");
        } finally {
            server.close();
        }
    }

    @Test
    void aServerRestartBetweenSendAndDeliveryLosesNothing() throws Exception {
        Path data = temp.resolve("server");
        ServerProcess server = ServerProcess.start(data, 0);
        int port = server.port();
        try (Accounts accounts = new Accounts(temp.resolve("clients"), port)) {
            accounts.signedUp("bob").close();
            ParleyClient alice = accounts.signedUp("alice");
            alice.send("bob", "before the restart");
            assertThat(server.stop()).as("exit status after SIGTERM (143 = the JVM's orderly exit on SIGTERM)").isIn(0, 143);
            server = ServerProcess.start(data, port);

            ParleyClient bob = accounts.client("bob");
            bob.signIn("bob", Accounts.password("bob"));
            assertThat(Accounts.nextText(bob))
                    .isEqualTo("before the restart");
        } finally {
            server.close();
        }
    }

    @Test
    void repeatedKillsWhileSendingLoseNothingAndShowNothingTwice() throws Exception {
        Path data = temp.resolve("server");
        ServerProcess server = ServerProcess.start(data, 0);
        int port = server.port();
        List<String> acknowledged = new ArrayList<>();
        try (Accounts accounts = new Accounts(temp.resolve("clients"), port)) {
            ParleyClient bob = accounts.signedUp("bob");
            ParleyClient alice = accounts.signedUp("alice");
            int crashes = 3;
            for (int round = 0; round < crashes; round++) {
                for (int i = 0; i < 10; i++) {
                    String text = "round " + round + " message " + i;
                    alice.send("bob", text);
                    acknowledged.add(text);
                }
                server.kill();
                server = ServerProcess.start(data, port);
            }
            List<String> shown = new ArrayList<>();
            while (shown.size() < acknowledged.size()) {
                shown.add(bob.events().await(MessageReceived.class, Duration.ofSeconds(30)).message().text());
            }
            List<String> extra = new ArrayList<>();
            for (ClientEvent event : Accounts.eventsUntilQuiet(bob, Duration.ofSeconds(2))) {
                if (event instanceof MessageReceived late) {
                    extra.add(late.message().text());
                }
            }
            assertThat(shown).containsExactlyElementsOf(acknowledged);
            assertThat(extra).as("messages shown twice").isEmpty();
        } finally {
            server.close();
        }
    }
}
