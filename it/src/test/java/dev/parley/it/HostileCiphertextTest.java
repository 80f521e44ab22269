package dev.parley.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.client.ParleyClient;
import dev.parley.client.events.ClientEvent.DecryptionFailed;
import dev.parley.client.events.ClientEvent.GroupMessageReceived;
import dev.parley.client.events.ClientEvent.MessageReceived;
import dev.parley.client.events.ClientEvent.QueueDrained;
import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import dev.parley.wire.Accepted;
import dev.parley.wire.Deliver;
import dev.parley.wire.JoinGroup;
import dev.parley.wire.Message;
import dev.parley.wire.GroupInfo;
import dev.parley.wire.Send;
import dev.parley.wire.SendGroup;
import dev.parley.wire.SignIn;
import dev.parley.wire.SignedIn;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hostile user who speaks the wire protocol directly sends a real client ciphertexts it cannot
 * have made: random bytes, a copy of a message Alice sent to Bob, that copy tampered with or cut
 * short, a forged prekey message, and garbage to a group. Bob shows none of it as a message, reports
 * each direct one as one "could not be decrypted" event, acknowledges them so they are not delivered
 * again, and goes on reading Alice. A copy sent again under Alice's own name is the message Bob has:
 * acknowledged, neither shown twice nor reported.
 */
@Timeout(120)
class HostileCiphertextTest {
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
    void forgedReplayedTamperedAndTruncatedCiphertextsAreRejectedAndTheConversationGoesOn() throws Exception {
        ParleyClient alice = accounts.signedUp("alice");
        ParleyClient bob = accounts.signedUp("bob");
        List<Deliver> seenByBob = deliveriesSeenBy(bob);
        alice.send("bob", "the real first message");
        assertThat(Accounts.nextText(bob)).isEqualTo("the real first message");
        byte[] captured = seenByBob.getFirst().payload();

        try (WireClient mallory = WireClient.connect(server.port())) {
            mallory.signUp("mallory", "mallory-password-1");
            byte[] tampered = captured.clone();
            tampered[tampered.length / 2] ^= 0x01;
            byte[] forgedPreKey = WireClient.random(300);
            forgedPreKey[0] = 1;
            forgedPreKey[1] = 2;
            List<byte[]> hostile = List.of(WireClient.random(200), captured, tampered,
                    Arrays.copyOf(captured, captured.length - 20), forgedPreKey);
            long clientId = 1;
            for (byte[] payload : hostile) {
                mallory.expect(new Send("bob", clientId++, payload), Accepted.class);
            }
            List<DecryptionFailed> failures = new ArrayList<>();
            for (int i = 0; i < hostile.size(); i++) {
                failures.add(bob.events().await(DecryptionFailed.class, Accounts.WAIT));
            }
            assertThat(failures).allSatisfy(f -> assertThat(f).isEqualTo(new DecryptionFailed("mallory", null)));

            alice.send("bob", "the real second message");
            assertThat(Accounts.nextText(bob)).isEqualTo("the real second message");
            assertThat(bob.history("mallory", 100)).as("nothing from mallory is kept as a message").isEmpty();

            // garbage to a group: never shown, and the group keeps working
            alice.createGroup("club");
            Accounts.join(bob, "club", alice);
            mallory.expect(new JoinGroup("club"), GroupInfo.class);
            for (int i = 0; i < 3; i++) {
                mallory.expect(new SendGroup("club", 100 + i, WireClient.random(150)), Accepted.class);
            }
            alice.sendGroup("club", "the real group message");
            GroupMessageReceived group = bob.events().await(GroupMessageReceived.class, Accounts.WAIT);
            assertThat(group.message().text()).isEqualTo("the real group message");
            assertThat(group.message().sender()).isEqualTo("alice");
        }

        // everything was acknowledged: signing in again delivers nothing twice
        assertNothingRedelivered(bob, "bob");
    }

    /**
     * A copy of a message bob already read, sent again under alice's name as a new message — as her client does when
     * the server lost the first copy before its commit and never acknowledged it, or as someone with her password or
     * a replaying server could: bob recognises its bytes, acknowledges it and neither shows it a second time nor
     * reports it (it is the message he has), and the conversation goes on.
     */
    @Test
    void aCopyOfAMessageUnderANewIdIsAcknowledgedAndNotShownTwice() throws Exception {
        ParleyClient alice = accounts.signedUp("alice");
        ParleyClient bob = accounts.signedUp("bob");
        List<Deliver> seenByBob = deliveriesSeenBy(bob);
        alice.send("bob", "pay carol 10 euros");
        assertThat(Accounts.nextText(bob)).isEqualTo("pay carol 10 euros");
        alice.send("bob", "and that is all");
        assertThat(Accounts.nextText(bob)).isEqualTo("and that is all");
        Deliver first = seenByBob.getFirst();

        sendAsAlice(new Send("bob", 1_000_000, first.payload()));
        // the replayer's sign-in ended alice's session (one session per account): she signs in again and goes on
        alice.close();
        alice = accounts.client("alice");
        alice.signIn("alice", Accounts.password("alice"));
        alice.send("bob", "a real new message");
        assertThat(Accounts.nextText(bob)).isEqualTo("a real new message");

        assertThat(seenByBob).filteredOn(d -> Arrays.equals(d.payload(), first.payload()))
                .extracting(Deliver::messageId).as("the copy reached bob under a new id")
                .hasSize(2).doesNotHaveDuplicates();
        assertThat(Accounts.eventsUntilQuiet(bob, Duration.ofMillis(500)))
                .noneMatch(e -> e instanceof MessageReceived || e instanceof DecryptionFailed);
        assertThat(bob.history("alice", 100)).extracting(m -> m.text())
                .containsExactly("pay carol 10 euros", "and that is all", "a real new message");
        assertNothingRedelivered(bob, "bob");
    }

    /** The same for a group message: a copy under the real sender's name is acknowledged and not shown twice. */
    @Test
    void aCopyOfAGroupMessageUnderANewIdIsAcknowledgedAndNotShownTwice() throws Exception {
        ParleyClient alice = accounts.signedUp("alice");
        ParleyClient bob = accounts.signedUp("bob");
        alice.createGroup("club");
        Accounts.join(bob, "club", alice);
        List<Deliver> seenByBob = deliveriesSeenBy(bob);
        alice.sendGroup("club", "meet at eight");
        assertThat(bob.events().await(GroupMessageReceived.class, Accounts.WAIT).message().text()).isEqualTo("meet at eight");
        Deliver first = seenByBob.stream().filter(d -> !d.group().isEmpty()).toList().getLast();

        sendAsAlice(new SendGroup("club", 1_000_000, first.payload()));
        alice.close();
        alice = accounts.client("alice");
        alice.signIn("alice", Accounts.password("alice"));
        alice.sendGroup("club", "see you there");
        assertThat(bob.events().await(GroupMessageReceived.class, Accounts.WAIT).message().text())
                .isEqualTo("see you there");

        assertThat(seenByBob).filteredOn(d -> Arrays.equals(d.payload(), first.payload()))
                .extracting(Deliver::messageId).as("the copy reached bob under a new id")
                .hasSize(2).doesNotHaveDuplicates();
        assertThat(Accounts.eventsUntilQuiet(bob, Duration.ofMillis(500)))
                .noneMatch(e -> e instanceof GroupMessageReceived || e instanceof DecryptionFailed);
        assertThat(bob.groupHistory("club", 100)).extracting(m -> m.text())
                .containsExactly("meet at eight", "see you there");
        assertNothingRedelivered(bob, "bob");
    }

    /** Everything the reader was sent is acknowledged: a new sign-in delivers nothing. */
    private void assertNothingRedelivered(ParleyClient reader, String name) throws Exception {
        reader.close();
        ParleyClient again = accounts.client(name);
        List<Deliver> redelivered = deliveriesSeenBy(again);
        again.signIn(name, Accounts.password(name));
        again.events().await(QueueDrained.class, Accounts.WAIT);
        assertThat(redelivered).isEmpty();
    }

    /** Every Deliver the reader's client is given, as it arrives off the wire (before decryption). */
    private static List<Deliver> deliveriesSeenBy(ParleyClient reader) {
        List<Deliver> seen = new CopyOnWriteArrayList<>();
        reader.inspect().onDeliver(seen::add);
        return seen;
    }

    /** Signs in as alice on a connection of its own — as someone with her password would — and sends this. */
    private void sendAsAlice(Message send) throws Exception {
        try (WireClient replayer = WireClient.connect(server.port())) {
            replayer.expect(new SignIn("alice", Accounts.password("alice")), SignedIn.class);
            replayer.expect(send, Accepted.class);
        }
    }
}
