package dev.parley.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.client.ChatMessage;
import dev.parley.client.ParleyClient;
import dev.parley.client.ParleyException;
import dev.parley.client.events.ClientEvent.MessageDelivered;
import dev.parley.client.events.ClientEvent.MessageReceived;
import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Real server on 127.0.0.1:0, real clients over real TLS sockets, real end-to-end encryption. */
@Timeout(120)
class OneToOneMessagingTest {
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
    void stop() throws Exception {
        accounts.close();
        server.close();
    }

    @Test
    void aWrongPasswordAndAnUnknownUserGetTheSameClearError() {
        accounts.signedUp("alice").close();
        ParleyClient again = accounts.client("alice");
        assertThatThrownBy(() -> again.signIn("alice", "not-her-password"))
                .isInstanceOf(ParleyException.class)
                .hasMessage("wrong username or password");
        ParleyClient stranger = accounts.client("nobody");
        assertThatThrownBy(() -> stranger.signIn("nobody", "whatever-password"))
                .isInstanceOf(ParleyException.class)
                .hasMessage("wrong username or password");
    }

    @Test
    void aTakenUsernameGetsItsOwnError() {
        accounts.signedUp("alice");
        ParleyClient second = accounts.client("alice-twin");
        assertThatThrownBy(() -> second.signUp("ALICE", "another-password-1"))
                .isInstanceOf(ParleyException.class)
                .hasMessageContaining("taken");
    }

    @Test
    void signingInAgainWithThePasswordWorks() {
        accounts.signedUp("alice").close();
        ParleyClient again = accounts.client("alice");
        again.signIn("alice", Accounts.password("alice"));
        assertThat(again.username()).contains("alice");
    }

    @Test
    void messagesGoBothWaysAndAreDelivered() throws Exception {
        ParleyClient alice = accounts.signedUp("alice");
        ParleyClient bob = accounts.signedUp("bob");

        ChatMessage sent = alice.send("bob", "hello bob, this is alice");
        assertThat(sent.state()).isIn(ChatMessage.DeliveryState.SENT, ChatMessage.DeliveryState.DELIVERED);
        MessageReceived atBob = bob.events().await(MessageReceived.class, Accounts.WAIT);
        assertThat(atBob.message().sender()).isEqualTo("alice");
        assertThat(atBob.message().text()).isEqualTo("hello bob, this is alice");
        alice.events().await(MessageDelivered.class, d -> d.recipient().equals("bob"), Accounts.WAIT);

        bob.send("alice", "hi alice — ünïcödé too ✓");
        MessageReceived atAlice = alice.events().await(MessageReceived.class, Accounts.WAIT);
        assertThat(atAlice.message().text()).isEqualTo("hi alice — ünïcödé too ✓");
        assertThat(alice.history("bob", 10)).extracting(ChatMessage::text)
                .containsExactly("hello bob, this is alice", "hi alice — ünïcödé too ✓");
    }

    @Test
    void fourClientsTalkAtOnce() throws Exception {
        List<String> people = List.of("ann", "ben", "cat", "dan");
        List<ParleyClient> clients = people.stream().map(accounts::signedUp).toList();
        for (int i = 0; i < people.size(); i++) {
            for (int j = 0; j < people.size(); j++) {
                if (i != j) {
                    clients.get(i).send(people.get(j), people.get(i) + "→" + people.get(j));
                }
            }
        }
        for (int j = 0; j < people.size(); j++) {
            String me = people.get(j);
            for (String from : people) {
                if (!from.equals(me)) {
                    MessageReceived got = clients.get(j).events().await(MessageReceived.class,
                            r -> r.message().sender().equals(from), Accounts.WAIT);
                    assertThat(got.message().text()).isEqualTo(from + "→" + me);
                }
            }
        }
    }

    @Test
    void aRecipientWhoWasOfflineGetsEverythingInOrderWhenBack() throws Exception {
        ParleyClient alice = accounts.signedUp("alice");
        accounts.signedUp("bob").close();
        for (int i = 1; i <= 20; i++) {
            alice.send("bob", "queued " + i);
        }
        ParleyClient bob = accounts.client("bob");
        bob.signIn("bob", Accounts.password("bob"));
        for (int i = 1; i <= 20; i++) {
            MessageReceived got = bob.events().await(MessageReceived.class, Accounts.WAIT);
            assertThat(got.message().text()).isEqualTo("queued " + i);
        }
        alice.events().await(MessageDelivered.class, d -> d.message().text().equals("queued 20"), Accounts.WAIT);
    }

    @Test
    void aMessageToAnUnknownUserIsRefusedClearly() {
        ParleyClient alice = accounts.signedUp("alice");
        assertThatThrownBy(() -> alice.send("nosuchuser", "hello?"))
                .isInstanceOf(ParleyException.class)
                .hasMessageContaining("nosuchuser");
    }

    @Test
    void safetyNumbersAgreeOnBothSides() throws Exception {
        ParleyClient alice = accounts.signedUp("alice");
        ParleyClient bob = accounts.signedUp("bob");
        alice.send("bob", "hi");
        bob.events().await(MessageReceived.class, Accounts.WAIT);
        String atAlice = alice.safetyNumber("bob");
        assertThat(atAlice.replace(" ", "")).hasSize(60).containsOnlyDigits();
        assertThat(bob.safetyNumber("alice")).isEqualTo(atAlice);
    }
}
