package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.server.testing.TestClient;
import dev.parley.server.testing.TestServers;
import dev.parley.wire.Accepted;
import dev.parley.wire.Ack;
import dev.parley.wire.Deliver;
import dev.parley.wire.Error;
import dev.parley.wire.ErrorCode;
import dev.parley.wire.Ok;
import dev.parley.wire.QueueDrained;
import dev.parley.wire.Receipt;
import dev.parley.wire.Resume;
import dev.parley.wire.Send;
import dev.parley.wire.SignIn;
import dev.parley.wire.SignOut;
import dev.parley.wire.SignUp;
import dev.parley.wire.SignedIn;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Accounts and one-to-one store-and-forward over real TLS sockets. */
@Timeout(60)
class MessagingTest {
    @TempDir
    Path data;

    ParleyServer server;
    final List<TestClient> clients = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = ParleyServer.start(TestServers.config(data));
    }

    @AfterEach
    void stop() {
        clients.forEach(TestClient::close);
        if (server != null) {
            server.close();
        }
    }

    TestClient client() throws Exception {
        TestClient client = TestClient.connect(server.port());
        clients.add(client);
        return client;
    }

    TestClient signedUp(String name, String password) throws Exception {
        TestClient client = client();
        client.signUp(name, password);
        return client;
    }

    /** Signed up, with its (empty) queue drained: messages to it are pushed live. */
    TestClient live(String name, String password) throws Exception {
        TestClient client = signedUp(name, password);
        client.push(QueueDrained.class);
        return client;
    }

    static byte[] text(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void signUpSignsInAndReturnsATokenAndTheKeyCount() throws Exception {
        SignedIn signedIn = client().signUp("Alice", "correct horse");
        assertThat(signedIn.username()).isEqualTo("alice");
        assertThat(signedIn.token()).hasSize(32);
        assertThat(signedIn.oneTimePreKeysLeft()).isEqualTo(20);
    }

    @Test
    void aTakenUsernameGetsItsOwnError() throws Exception {
        client().signUp("alice", "correct horse");
        Error error = client().error(new SignUp("ALICE", "another password", TestClient.keys(5)));
        assertThat(error.code()).isEqualTo(ErrorCode.USERNAME_TAKEN);
        assertThat(error.message()).isEqualTo("that username is taken");
    }

    @Test
    void aWrongPasswordAndAnUnknownUserGetTheSameError() throws Exception {
        client().signUp("alice", "correct horse");
        Error wrongPassword = client().error(new SignIn("alice", "wrong horse"));
        Error unknownUser = client().error(new SignIn("mallory", "correct horse"));
        assertThat(wrongPassword).isEqualTo(unknownUser);
        assertThat(wrongPassword.code()).isEqualTo(ErrorCode.WRONG_CREDENTIALS);
        assertThat(wrongPassword.message()).isEqualTo("wrong username or password");
    }

    @Test
    void signInWithThePasswordWorksInAnyCase() throws Exception {
        client().signUp("alice", "correct horse");
        assertThat(client().signIn("ALICE", "correct horse").username()).isEqualTo("alice");
    }

    @Test
    void invalidUsernamesAndShortPasswordsAreRefusedClearly() throws Exception {
        TestClient client = client();
        assertThat(client.error(new SignUp("al", "correct horse", TestClient.keys(1))).code()).isEqualTo(ErrorCode.INVALID_NAME);
        assertThat(client.error(new SignUp("аlice", "correct horse", TestClient.keys(1))).code()).isEqualTo(ErrorCode.INVALID_NAME);
        Error shortPassword = client.error(new SignUp("alice", "short", TestClient.keys(1)));
        assertThat(shortPassword.message()).isEqualTo("passwords need at least 8 characters");
    }

    @Test
    void aMessageToAnOfflineUserArrivesAtSignInInOrderThenQueueDrained() throws Exception {
        TestClient alice = client();
        alice.signUp("alice", "correct horse");
        client().signUp("bob", "battery staple").getClass();
        clients.getLast().close();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(alice.expect(new Send("bob", i, text("m" + i)), Accepted.class).messageId());
        }
        assertThat(ids).isSorted().doesNotHaveDuplicates();

        TestClient bob = client();
        bob.signIn("bob", "battery staple");
        for (int i = 0; i < 5; i++) {
            Deliver deliver = bob.push(Deliver.class);
            assertThat(deliver.messageId()).isEqualTo(ids.get(i));
            assertThat(deliver.sender()).isEqualTo("alice");
            assertThat(deliver.group()).isEmpty();
            assertThat(new String(deliver.payload(), StandardCharsets.UTF_8)).isEqualTo("m" + i);
        }
        bob.push(QueueDrained.class);
    }

    @Test
    void aLiveRecipientGetsTheMessageAtOnceAndTheSenderGetsAReceiptAfterTheAck() throws Exception {
        TestClient alice = signedUp("alice", "correct horse");
        TestClient bob = live("bob", "battery staple");
        Accepted accepted = alice.expect(new Send("bob", 1, text("hello")), Accepted.class);
        Deliver deliver = bob.push(Deliver.class);
        assertThat(deliver.messageId()).isEqualTo(accepted.messageId());
        assertThat(deliver.payload()).isEqualTo(text("hello"));
        bob.expect(new Ack(List.of(deliver.messageId())), Ok.class);
        Receipt receipt = alice.push(Receipt.class);
        assertThat(receipt.messageId()).isEqualTo(accepted.messageId());
        assertThat(receipt.recipient()).isEqualTo("bob");
    }

    /**
     * Pushes go out while their batch's commit is on disk (after it, in a batch that reserves message ids): either
     * way a live recipient gets each message once, in order; its Ack's answer comes after anything pushed late.
     */
    @Test
    void aLiveRecipientGetsEachMessageOnceAndInOrder() throws Exception {
        TestClient alice = signedUp("alice", "correct horse");
        TestClient bob = live("bob", "battery staple");
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            ids.add(alice.expect(new Send("bob", i, text("m" + i)), Accepted.class).messageId());
        }
        List<Long> delivered = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            delivered.add(bob.push(Deliver.class).messageId());
        }
        assertThat(delivered).isEqualTo(ids);
        bob.expect(new Ack(ids), Ok.class);
        assertThat(bob.drainPushes(Deliver.class)).as("pushed a second time").isEmpty();
    }

    /**
     * A message stored in the same batch that signs its recipient in, after their sign-in: it is not pushed ahead of
     * the commit like other pushes, since the recipient's SignedIn and queue page wait for that commit — it comes
     * after the messages queued before it and the QueueDrained. (A commit interval of 1 s makes the resume and the
     * send share one batch.)
     */
    @Test
    void aMessageInTheBatchThatSignsItsRecipientInArrivesAfterTheirQueue() throws Exception {
        server.close();
        server = ParleyServer.start(TestServers.config(data).with("commitInterval", "1s"));
        TestClient alice = signedUp("alice", "correct horse");
        TestClient bob = client();
        byte[] token = bob.signUp("bob", "battery staple").token();
        bob.close();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(alice.expect(new Send("bob", i, text("queued " + i)), Accepted.class).messageId());
        }
        TestClient again = client();
        long resume = again.send(new Resume("bob", token)); // within the second since the last send's batch began
        Thread.sleep(100);
        long send = alice.send(new Send("bob", 9, text("sent as bob signs in")));
        assertThat(again.await(resume)).isInstanceOf(SignedIn.class);
        ids.add(((Accepted) alice.await(send)).messageId());

        await().atMost(TestClient.WAIT)
                .until(() -> again.pushesSnapshot().stream().filter(Deliver.class::isInstance).count() == 4);
        List<Object> order = again.pushesSnapshot().stream()
                .filter(m -> m instanceof Deliver || m instanceof QueueDrained)
                .map(m -> m instanceof Deliver deliver ? (Object) deliver.messageId() : "QueueDrained")
                .toList();
        assertThat(order).containsExactly(ids.get(0), ids.get(1), ids.get(2), "QueueDrained", ids.get(3));
    }

    /**
     * When the store has as much waiting as it takes, a new send is refused as busy, but an Ack is still taken (up to
     * twice the bound): refusing it would leave its message queued and the backlog larger. (A commit interval of 1 s
     * holds what arrives after a commit; three pending operations are the bound here.)
     */
    @Test
    void aBusyStoreRefusesNewSendsButStillTakesAcks() throws Exception {
        server.close();
        server = ParleyServer.start(TestServers.config(data).with("commitInterval", "1s")
                .with("maxPendingWrites", "3"));
        TestClient alice = signedUp("alice", "correct horse");
        TestClient bob = live("bob", "battery staple");
        long first = alice.expect(new Send("bob", 1, text("first")), Accepted.class).messageId();
        assertThat(bob.push(Deliver.class).messageId()).isEqualTo(first);

        List<Long> waiting = new ArrayList<>();
        waiting.add(alice.send(new Send("bob", 2, text("taken by the writer, which then sleeps out its interval"))));
        Thread.sleep(100);
        for (int i = 3; i <= 5; i++) {
            waiting.add(alice.send(new Send("bob", i, text("waits " + i))));
        }
        Error busy = alice.error(new Send("bob", 6, text("one too many")));
        assertThat(busy.code()).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(bob.call(new Ack(List.of(first)))).as("the Ack, with three operations waiting")
                .isInstanceOf(Ok.class);
        for (long request : waiting) {
            assertThat(alice.await(request)).isInstanceOf(Accepted.class);
        }
        assertThat(alice.push(Receipt.class).messageId()).isEqualTo(first);
    }

    @Test
    void anAcknowledgedMessageIsNotDeliveredAgainButAnUnacknowledgedOneIs() throws Exception {
        TestClient alice = client();
        alice.signUp("alice", "correct horse");
        TestClient bob = client();
        bob.signUp("bob", "battery staple");
        long first = alice.expect(new Send("bob", 1, text("one")), Accepted.class).messageId();
        long second = alice.expect(new Send("bob", 2, text("two")), Accepted.class).messageId();
        bob.push(Deliver.class);
        bob.push(Deliver.class);
        bob.expect(new Ack(List.of(first)), Ok.class);
        bob.close();

        TestClient again = client();
        again.signIn("bob", "battery staple");
        assertThat(again.push(Deliver.class).messageId()).isEqualTo(second);
        again.push(QueueDrained.class);
        assertThat(again.drainPushes(Deliver.class)).isEmpty();
    }

    @Test
    void anAckCannotDeleteSomeoneElsesMessage() throws Exception {
        TestClient alice = client();
        alice.signUp("alice", "correct horse");
        TestClient mallory = client();
        mallory.signUp("mallory", "battery staple");
        client().signUp("bob", "bob password");
        clients.getLast().close();
        long id = alice.expect(new Send("bob", 1, text("for bob")), Accepted.class).messageId();
        mallory.expect(new Ack(List.of(id)), Ok.class);
        TestClient bob = client();
        bob.signIn("bob", "bob password");
        assertThat(bob.push(Deliver.class).messageId()).isEqualTo(id);
    }

    @Test
    void aResendWithTheSameClientMessageIdIsStoredOnce() throws Exception {
        TestClient alice = client();
        alice.signUp("alice", "correct horse");
        client().signUp("bob", "battery staple");
        clients.getLast().close();
        long first = alice.expect(new Send("bob", 42, text("once")), Accepted.class).messageId();
        long again = alice.expect(new Send("bob", 42, text("once")), Accepted.class).messageId();
        assertThat(again).isEqualTo(first);
        TestClient bob = client();
        bob.signIn("bob", "battery staple");
        bob.push(Deliver.class);
        bob.push(QueueDrained.class);
        assertThat(bob.drainPushes(Deliver.class)).isEmpty();
    }

    @Test
    void aMessageSurvivesARestartOfTheServerBetweenSendAndDelivery() throws Exception {
        TestClient alice = client();
        alice.signUp("alice", "correct horse");
        client().signUp("bob", "battery staple");
        long id = alice.expect(new Send("bob", 7, text("survives")), Accepted.class).messageId();
        clients.forEach(TestClient::close);
        clients.clear();
        server.close();
        server = ParleyServer.start(TestServers.config(data));

        TestClient bob = client();
        bob.signIn("bob", "battery staple");
        Deliver deliver = bob.push(Deliver.class);
        assertThat(deliver.messageId()).isEqualTo(id);
        assertThat(deliver.payload()).isEqualTo(text("survives"));
        TestClient alice2 = client();
        alice2.signIn("alice", "correct horse");
        long next = alice2.expect(new Send("bob", 8, text("after")), Accepted.class).messageId();
        assertThat(next).isGreaterThan(id);
        assertThat(alice2.expect(new Send("bob", 7, text("survives")), Accepted.class).messageId()).isEqualTo(id);
    }

    @Test
    void aReceiptForAnOfflineSenderWaitsForTheirNextSignIn() throws Exception {
        TestClient alice = client();
        alice.signUp("alice", "correct horse");
        TestClient bob = client();
        bob.signUp("bob", "battery staple");
        long id = alice.expect(new Send("bob", 1, text("hi")), Accepted.class).messageId();
        alice.expect(new SignOut(), Ok.class);
        bob.push(Deliver.class);
        bob.expect(new Ack(List.of(id)), Ok.class);
        alice.signIn("alice", "correct horse");
        Receipt receipt = alice.push(Receipt.class);
        assertThat(receipt.messageId()).isEqualTo(id);
        assertThat(receipt.recipient()).isEqualTo("bob");
    }

    @Test
    void resumeWithTheSessionTokenSignsInWithoutThePassword() throws Exception {
        TestClient first = client();
        byte[] token = first.signUp("alice", "correct horse").token();
        first.close();
        SignedIn resumed = client().resume("alice", token);
        assertThat(resumed.username()).isEqualTo("alice");
        Error forged = client().error(new dev.parley.wire.Resume("alice", TestClient.random(32)));
        assertThat(forged.code()).isEqualTo(ErrorCode.SESSION_EXPIRED);
    }

    @Test
    void signOutRevokesTheToken() throws Exception {
        TestClient first = client();
        byte[] token = first.signUp("alice", "correct horse").token();
        first.expect(new SignOut(), Ok.class);
        assertThat(client().error(new dev.parley.wire.Resume("alice", token)).code()).isEqualTo(ErrorCode.SESSION_EXPIRED);
    }

    @Test
    void aNewerSignInTakesOverAndTheOlderConnectionIsToldAndClosed() throws Exception {
        TestClient older = client();
        older.signUp("alice", "correct horse");
        TestClient newer = client();
        newer.signIn("alice", "correct horse");
        Error error = older.push(Error.class);
        assertThat(error.code()).isEqualTo(ErrorCode.ALREADY_SIGNED_IN);
        assertThat(error.message()).isEqualTo("you signed in somewhere else; this connection is closed");
        assertThat(older.awaitClosed(Duration.ofSeconds(5))).isTrue();

        TestClient bob = client();
        bob.signUp("bob", "battery staple");
        bob.expect(new Send("alice", 1, text("to the new one")), Accepted.class);
        assertThat(newer.push(Deliver.class).payload()).isEqualTo(text("to the new one"));
    }

    @Test
    void sendingToAnUnknownUserIsRefused() throws Exception {
        TestClient alice = client();
        alice.signUp("alice", "correct horse");
        Error error = alice.error(new Send("nobody", 1, text("x")));
        assertThat(error.code()).isEqualTo(ErrorCode.UNKNOWN_USER);
        assertThat(error.message()).isEqualTo("there is no user called nobody");
    }

    @Test
    void theDataFolderHoldsNoPasswordTokenOrPlaintext() throws Exception {
        TestClient alice = client();
        byte[] token = alice.signUp("alice", "correct horse battery").token();
        client().signUp("bob", "battery staple");
        alice.expect(new Send("bob", 1, text("opaque-ciphertext-stand-in")), Accepted.class);
        server.close();
        server = null;
        byte[] password = text("correct horse battery");
        try (Stream<Path> files = Files.walk(data)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                byte[] content = Files.readAllBytes(file);
                assertThat(indexOf(content, password)).as(file.toString()).isEqualTo(-1);
                assertThat(indexOf(content, token)).as(file.toString()).isEqualTo(-1);
            }
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
