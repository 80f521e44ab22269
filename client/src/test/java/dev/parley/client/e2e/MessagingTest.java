package dev.parley.client.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.client.ChatMessage;
import dev.parley.client.ChatMessage.DeliveryState;
import dev.parley.client.ChatMessage.Direction;
import dev.parley.client.ClientOptions;
import dev.parley.client.ParleyClient;
import dev.parley.client.ParleyException;
import dev.parley.client.UserStatus;
import dev.parley.client.events.ClientEvent;
import dev.parley.client.events.ClientEvent.ConnectionState;
import dev.parley.client.messaging.Outbox;
import dev.parley.wire.Presence;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Real clients against a real server: sign-up, messages both ways, offline delivery, reconnects. */
@Timeout(60)
class MessagingTest extends RealServerTest {

    static final Duration WAIT = Duration.ofSeconds(10);

    @Override
    ClientOptions options(String dataName) {
        return super.options(dataName).withRequestTimeout(Duration.ofSeconds(5));
    }

    static ChatMessage received(ParleyClient client, String text) throws Exception {
        return client.events().await(ClientEvent.MessageReceived.class, e -> e.message().text().equals(text), WAIT)
                .message();
    }

    @Test
    void twoUsersSignUpAndTalkBothWaysWithSentAndDeliveredStates() throws Exception {
        ParleyClient alice = signedUp("alice");
        ParleyClient bob = signedUp("bob");
        assertThat(alice.events().await(ClientEvent.ServerPinned.class, WAIT).fingerprint())
                .isEqualTo(server.fingerprint());

        ChatMessage sent = alice.send("bob", "hello bob");
        assertThat(sent.state()).isEqualTo(DeliveryState.SENT);
        ChatMessage got = received(bob, "hello bob");
        assertThat(got.sender()).isEqualTo("alice");
        assertThat(got.conversation()).isEqualTo("alice");
        ClientEvent.MessageDelivered delivered = alice.events().await(ClientEvent.MessageDelivered.class, WAIT);
        assertThat(delivered.recipient()).isEqualTo("bob");
        assertThat(delivered.message().state()).isEqualTo(DeliveryState.DELIVERED);

        bob.send("alice", "hi alice ✓ ünïcode");
        received(alice, "hi alice ✓ ünïcode");
        alice.send("bob", "second");
        received(bob, "second");

        assertThat(alice.history("bob", 10)).extracting(ChatMessage::text, ChatMessage::direction)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("hello bob", Direction.OUT),
                        org.assertj.core.groups.Tuple.tuple("hi alice ✓ ünïcode", Direction.IN),
                        org.assertj.core.groups.Tuple.tuple("second", Direction.OUT));
        assertThat(bob.conversation("alice", 2)).extracting(ChatMessage::text)
                .containsExactly("hi alice ✓ ünïcode", "second");
    }

    @Test
    void wrongPasswordUnknownUserAndTakenNameGetClearSentences() {
        signedUp("alice");
        ParleyClient other = client("other");
        assertThatThrownBy(() -> other.signIn("alice", "not the password"))
                .isInstanceOf(ParleyException.class)
                .hasMessage("wrong username or password")
                .extracting(e -> ((ParleyException) e).reason()).isEqualTo(ParleyException.Reason.WRONG_CREDENTIALS);
        assertThatThrownBy(() -> other.signIn("nobody", "not the password"))
                .hasMessage("wrong username or password");
        assertThatThrownBy(() -> other.signUp("alice", PASSWORD))
                .hasMessage("that username is taken")
                .extracting(e -> ((ParleyException) e).reason()).isEqualTo(ParleyException.Reason.USERNAME_TAKEN);
        assertThatThrownBy(() -> other.send("alice", "x")).hasMessage("sign in first");
    }

    @Test
    void signingInFromAnotherDataFolderIsRefusedClearly() {
        signedUp("alice").close();
        ParleyClient elsewhere = client("elsewhere");
        assertThatThrownBy(() -> elsewhere.signIn("alice", PASSWORD))
                .extracting(e -> ((ParleyException) e).reason()).isEqualTo(ParleyException.Reason.NO_LOCAL_KEYS);
    }

    @Test
    void aMessageToAnOfflineUserArrivesWhenTheyComeBackAndIsShownOnce() throws Exception {
        ParleyClient alice = signedUp("alice");
        signedUp("bob").close();
        alice.send("bob", "one");
        alice.send("bob", "two");
        alice.send("bob", "three");

        ParleyClient bob = resumed("bob");
        received(bob, "one");
        received(bob, "two");
        received(bob, "three");
        bob.events().await(ClientEvent.QueueDrained.class, WAIT);
        assertThat(bob.history("alice", 10)).extracting(ChatMessage::text).containsExactly("one", "two", "three");
        for (int i = 0; i < 3; i++) {
            alice.events().await(ClientEvent.MessageDelivered.class, WAIT);
        }

        // and again after a password sign-in on a restarted client: nothing is shown twice
        bob.close();
        ParleyClient bobAgain = client("bob");
        bobAgain.signIn("bob", PASSWORD);
        bobAgain.events().await(ClientEvent.QueueDrained.class, WAIT);
        assertThat(bobAgain.events().poll(Duration.ofMillis(300)).filter(e -> e instanceof ClientEvent.MessageReceived))
                .isEmpty();
        assertThat(bobAgain.history("alice", 10)).hasSize(3);
    }

    @Test
    void sendsMadeWhileTheServerIsDownWaitInTheOutboxAndArriveOnceAfterReconnecting() throws Exception {
        ParleyClient alice = signedUp("alice");
        ParleyClient bob = signedUp("bob");
        alice.send("bob", "before");
        received(bob, "before");

        server.stop();
        alice.events().await(ClientEvent.ConnectionChanged.class, e -> e.state() == ConnectionState.RECONNECTING, WAIT);
        CompletableFuture<ChatMessage> during = alice.sendAsync("bob", "while down");
        assertThat(alice.inspect().outboxSize()).isEqualTo(1);
        server.restart();

        assertThat(during.get(WAIT.toSeconds(), TimeUnit.SECONDS).state()).isEqualTo(DeliveryState.SENT);
        alice.events().await(ClientEvent.ConnectionChanged.class, e -> e.state() == ConnectionState.ONLINE, WAIT);
        received(bob, "while down");
        assertThat(alice.awaitOutboxEmpty(WAIT)).isTrue();
        bob.send("alice", "after");
        received(alice, "after");
        assertThat(bob.history("alice", 10)).extracting(ChatMessage::text)
                .containsExactly("before", "while down", "after");
    }

    @Test
    void usersShowsPresenceAndSafetyNumbersMatchOnBothSides() throws Exception {
        ParleyClient alice = signedUp("alice");
        ParleyClient bob = signedUp("bob");
        signedUp("carol").close();
        assertThat(alice.users()).extracting(UserStatus::username).contains("alice", "bob", "carol");
        assertThat(alice.users()).filteredOn(u -> u.username().equals("bob")).singleElement()
                .extracting(UserStatus::presence).isEqualTo(Presence.ONLINE);
        assertThat(alice.users()).filteredOn(u -> u.username().equals("carol")).singleElement()
                .satisfies(u -> assertThat(u.presence()).isEqualTo(Presence.OFFLINE));
        bob.setPresence(Presence.AWAY);
        alice.events().await(ClientEvent.PresenceChanged.class,
                e -> e.user().equals("bob") && e.presence() == Presence.AWAY, WAIT);

        String fromAlice = alice.safetyNumber("bob");
        assertThat(fromAlice).matches("(\\d{5} ){11}\\d{5}");
        assertThat(bob.safetyNumber("alice")).isEqualTo(fromAlice);
        assertThat(alice.safetyNumber("carol")).isNotEqualTo(fromAlice);
    }

    @Test
    void aMessageToNobodyIsRefusedWithTheServersSentence() {
        ParleyClient alice = signedUp("alice");
        assertThatThrownBy(() -> alice.send("nobody", "hello?"))
                .isInstanceOf(ParleyException.class)
                .hasMessage("there is no user called nobody");
        assertThat(alice.history("nobody", 5)).singleElement()
                .extracting(ChatMessage::state).isEqualTo(DeliveryState.FAILED);
        assertThatThrownBy(() -> alice.send("alice", "me")).hasMessage("you cannot send a message to yourself");
        assertThatThrownBy(() -> alice.send("bob", "  ")).hasMessage("a message cannot be empty");
    }

    @Test
    void aChangedServerCertificateIsRefusedLoudlyAndNotRetried() throws Exception {
        ParleyClient alice = signedUp("alice");
        server.replaceWithImpostor(dir.resolve("impostor"));
        ClientEvent.ConnectionChanged offline = alice.events().await(ClientEvent.ConnectionChanged.class,
                e -> e.state() == ConnectionState.OFFLINE, WAIT);
        assertThat(offline.detail()).startsWith("the server at 127.0.0.1:" + server.port()
                + " presented a different certificate").contains("someone may be intercepting the connection");
        ParleyClient again = client("alice");
        assertThatThrownBy(() -> again.signIn("alice", PASSWORD))
                .extracting(e -> ((ParleyException) e).reason()).isEqualTo(ParleyException.Reason.CERTIFICATE_CHANGED);
    }

    @Test
    void signingInElsewhereWithTheSameAccountStopsTheFirstClientInsteadOfFightingOverTheSession() throws Exception {
        ParleyClient first = signedUp("alice");
        ParleyClient second = resumed("alice");
        ClientEvent.SignedOut out = first.events().await(ClientEvent.SignedOut.class, WAIT);
        assertThat(out.reason()).isEqualTo("you signed in somewhere else; this connection is closed");
        assertThat(first.username()).isEmpty();
        ParleyClient bob = signedUp("bob");
        bob.send("alice", "to the second");
        received(second, "to the second");
    }

    @Test
    void hundredsOfMessagesQueuedForAnOfflineUserArriveInOrderAfterSignIn() throws Exception {
        ParleyClient alice = signedUp("alice");
        signedUp("bob").close();
        List<CompletableFuture<ChatMessage>> sends = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            sends.add(alice.sendAsync("bob", "message " + i));
        }
        for (CompletableFuture<ChatMessage> send : sends) {
            send.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
        ParleyClient bob = resumed("bob");
        bob.events().await(ClientEvent.QueueDrained.class, WAIT);
        for (int i = 0; i < 200; i++) {
            received(bob, "message " + i);
        }
        assertThat(bob.history("alice", 1000)).extracting(ChatMessage::text)
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 200).mapToObj(i -> "message " + i).toList());
    }

    @Test
    void twoUsersWhoStartTheirSessionsAtTheSameTimeStillReadEachOther() throws Exception {
        ParleyClient alice = signedUp("alice");
        ParleyClient bob = signedUp("bob");
        CompletableFuture<ChatMessage> fromAlice = alice.sendAsync("bob", "alice first");
        CompletableFuture<ChatMessage> fromBob = bob.sendAsync("alice", "bob first");
        fromAlice.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        fromBob.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        received(bob, "alice first");
        received(alice, "bob first");
        for (int i = 0; i < 3; i++) {
            alice.send("bob", "alice " + i);
            bob.send("alice", "bob " + i);
        }
        for (int i = 0; i < 3; i++) {
            received(bob, "alice " + i);
            received(alice, "bob " + i);
        }
        assertThat(alice.events().poll(Duration.ofMillis(200)).filter(ClientEvent.DecryptionFailed.class::isInstance))
                .isEmpty();
    }

    @Test
    @Timeout(120)
    void aSenderOverTheRateLimitIsHeldBackInOrderSoEveryMessageCanBeDecrypted() throws Exception {
        server.close();
        server = new TestServer(dir.resolve("limited"), config -> config.withMessageRate(100, 20));
        ParleyClient alice = signedUp("alice");
        ParleyClient bob = signedUp("bob");
        List<Integer> arrived = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicInteger undecryptable = new java.util.concurrent.atomic.AtomicInteger();
        bob.addListener(event -> {
            if (event instanceof ClientEvent.MessageReceived received) {
                arrived.add(Integer.parseInt(received.message().text().substring("burst ".length())));
            } else if (event instanceof ClientEvent.DecryptionFailed) {
                undecryptable.incrementAndGet();
            }
        });
        int count = 600;
        List<CompletableFuture<ChatMessage>> sends = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            sends.add(alice.sendAsync("bob", "burst " + i));
        }
        for (CompletableFuture<ChatMessage> send : sends) {
            assertThat(send.get(90, TimeUnit.SECONDS).state()).isEqualTo(DeliveryState.SENT);
        }
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (arrived.size() < count && undecryptable.get() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }

        assertThat(undecryptable).as("messages bob could not decrypt").hasValue(0);
        assertThat(arrived).as("every message shown once").hasSize(count).doesNotHaveDuplicates();
        // each message carries the next key of alice's chain and bob keeps keys for late ones only so far
        // back: the server may only have taken a message after a later one from within one send window
        int furthestAhead = -1;
        int latest = 0;
        synchronized (arrived) {
            for (int n : arrived) {
                latest = Math.max(latest, furthestAhead - n);
                furthestAhead = Math.max(furthestAhead, n);
            }
        }
        assertThat(latest).as("how far behind a later message one arrived").isLessThan(Outbox.WINDOW);
    }
}
