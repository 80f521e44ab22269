package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.testing.TestClient;
import dev.parley.server.testing.TestServers;
import dev.parley.wire.Accepted;
import dev.parley.wire.Bundle;
import dev.parley.wire.Deliver;
import dev.parley.wire.Error;
import dev.parley.wire.ErrorCode;
import dev.parley.wire.FetchBundle;
import dev.parley.wire.KeyUpload;
import dev.parley.wire.KeysLow;
import dev.parley.wire.Ok;
import dev.parley.wire.PublishKeys;
import dev.parley.wire.QueueDrained;
import dev.parley.wire.Send;
import dev.parley.wire.SignIn;
import dev.parley.wire.SignUp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Abuse by signed-in or would-be users, against a running server: floods of sign-ups and of key
 * bundle fetches (draining someone's one-time prekeys), names that only look like someone else's, and
 * an attempt to swap an account's identity key. Each gets a clear error, nothing is handed out twice,
 * and everyone else is still served.
 */
@Timeout(60)
class AbuseTest {
    @TempDir
    Path data;

    ParleyServer server;
    final List<TestClient> clients = new ArrayList<>();

    @AfterEach
    void stop() {
        clients.forEach(TestClient::close);
        if (server != null) {
            server.close();
        }
    }

    TestClient connect(String localAddress) throws Exception {
        TestClient client = TestClient.connect(server.port(), localAddress);
        clients.add(client);
        return client;
    }

    final java.util.Map<TestClient, byte[]> identities = new java.util.HashMap<>();

    /** Signed up with 20 one-time prekeys (ids 1…20) under an identity key the test remembers. */
    TestClient user(String name, String localAddress) throws Exception {
        TestClient client = connect(localAddress);
        byte[] identity = TestClient.random(65);
        identities.put(client, identity);
        client.signUp(name, name + " password", TestClient.keys(identity, 20, 1));
        client.push(QueueDrained.class);
        return client;
    }

    @Test
    void aFloodOfSignUpsFromOneAddressIsThrottledAndOtherAddressesStillSignUp() throws Exception {
        server = ParleyServer.start(TestServers.config(data).withSignUpRate(1, 3));
        int created = 0;
        Error limited = null;
        for (int i = 0; i < 10; i++) {
            TestClient client = connect("127.0.0.5");
            var answer = client.call(new SignUp("flood" + i, "flood password", TestClient.keys(5)));
            if (answer instanceof Error error) {
                limited = error;
                break;
            }
            created++;
        }
        assertThat(created).as("the burst of 3 passes").isEqualTo(3);
        assertThat(limited).isNotNull();
        assertThat(limited.code()).isEqualTo(ErrorCode.RATE_LIMITED);
        assertThat(limited.message()).matches("too many new accounts from your address; try again in [0-9.]+ (seconds?|minutes?)");

        TestClient elsewhere = user("neighbour", "127.0.0.6");
        TestClient friend = user("friend", "127.0.0.7");
        elsewhere.expect(new Send("friend", 1, "still served".getBytes(StandardCharsets.UTF_8)), Accepted.class);
        assertThat(friend.push(Deliver.class).payload()).isEqualTo("still served".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void drainingSomeonesOneTimePrekeysIsRateLimitedHandsEachKeyOutOnceAndWarnsTheOwner() throws Exception {
        server = ParleyServer.start(TestServers.config(data).withBundleFetchRate(1, 8).withKeysLowThreshold(15));
        TestClient victim = user("victim", "127.0.0.8");
        TestClient drainer = user("drainer", "127.0.0.9");

        Set<Integer> handedOut = new HashSet<>();
        int withoutOneTimeKey = 0;
        Error limited = null;
        for (int i = 0; i < 30 && limited == null; i++) {
            var answer = drainer.call(new FetchBundle("VICTIM"));
            if (answer instanceof Error error) {
                limited = error;
            } else {
                Bundle bundle = (Bundle) answer;
                assertThat(bundle.username()).isEqualTo("victim");
                if (bundle.hasOneTimePreKey()) {
                    assertThat(handedOut.add(bundle.oneTimePreKey().id())).as("one-time prekey handed out twice").isTrue();
                } else {
                    withoutOneTimeKey++;
                }
            }
        }
        assertThat(handedOut).as("the burst of 8 fetches each took a different key").hasSize(8);
        assertThat(withoutOneTimeKey).isZero();
        assertThat(limited).isNotNull();
        assertThat(limited.code()).isEqualTo(ErrorCode.RATE_LIMITED);
        assertThat(limited.message()).startsWith("too many key bundle requests; try again in ");
        assertThat(victim.push(KeysLow.class).remaining()).as("the owner hears the pool (20) runs below 15").isBetween(12, 14);

        // the owner refills, and another user is served at once
        victim.expect(new PublishKeys(new KeyUpload(identities.get(victim), new byte[0],
                TestClient.keys(identities.get(victim), 20, 1000).oneTimePreKeys())), Ok.class);
        TestClient other = user("other", "127.0.0.10");
        assertThat(other.expect(new FetchBundle("victim"), Bundle.class).hasOneTimePreKey()).isTrue();
    }

    @Test
    void aPoolThatRanDryStillGivesABundleWithoutAOneTimePrekey() throws Exception {
        server = ParleyServer.start(TestServers.config(data).withBundleFetchRate(1, 100));
        TestClient owner = connect("127.0.0.11");
        owner.signUp("owner", "owner password", TestClient.keys(2));
        TestClient asker = user("asker", "127.0.0.12");
        assertThat(asker.expect(new FetchBundle("owner"), Bundle.class).hasOneTimePreKey()).isTrue();
        assertThat(asker.expect(new FetchBundle("owner"), Bundle.class).hasOneTimePreKey()).isTrue();
        Bundle dry = asker.expect(new FetchBundle("owner"), Bundle.class);
        assertThat(dry.hasOneTimePreKey()).isFalse();
        assertThat(dry.identityKey()).hasSizeGreaterThanOrEqualTo(32);
    }

    @Test
    void namesThatDifferOnlyInCaseOrWidthAreTheSameAccountAndLookAlikesAreRefused() throws Exception {
        server = ParleyServer.start(TestServers.config(data));
        user("alice", "127.0.0.13");
        TestClient impostor = connect("127.0.0.14");
        assertThat(impostor.error(new SignUp("ALICE", "another password", TestClient.keys(5))))
                .isEqualTo(new Error(ErrorCode.USERNAME_TAKEN, "that username is taken"));
        assertThat(impostor.error(new SignUp("ａｌｉｃｅ", "another password", TestClient.keys(5))))
                .as("full-width letters normalise to the same name")
                .isEqualTo(new Error(ErrorCode.USERNAME_TAKEN, "that username is taken"));
        Error cyrillic = impostor.error(new SignUp("\u0430lice", "another password", TestClient.keys(5)));
        assertThat(cyrillic.code()).as("a Cyrillic а is not an ASCII a").isEqualTo(ErrorCode.INVALID_NAME);
        assertThat(impostor.error(new SignUp("alice\u200b", "another password", TestClient.keys(5))).code())
                .as("a zero-width space").isEqualTo(ErrorCode.INVALID_NAME);
        assertThat(impostor.error(new SignIn("Alice", "wrong password")))
                .isEqualTo(new Error(ErrorCode.WRONG_CREDENTIALS, "wrong username or password"));
    }

    @Test
    void publishingKeysUnderAnotherIdentityKeyIsRefusedAndTheBundleStaysTheSame() throws Exception {
        server = ParleyServer.start(TestServers.config(data));
        TestClient alice = user("alice", "127.0.0.15");
        TestClient bob = user("bob", "127.0.0.16");
        byte[] before = bob.expect(new FetchBundle("alice"), Bundle.class).identityKey();

        Error swapped = alice.error(new PublishKeys(TestClient.keys(TestClient.random(65), 5, 500)));
        assertThat(swapped).isEqualTo(new Error(ErrorCode.INVALID_KEYS, "the identity key does not match this account's"));
        assertThat(bob.expect(new FetchBundle("alice"), Bundle.class).identityKey()).isEqualTo(before);
    }

    @Test
    void uploadingMoreOneTimePrekeysThanThePoolHoldsIsRefused() throws Exception {
        server = ParleyServer.start(TestServers.config(data).withMaxOneTimePreKeys(30));
        TestClient alice = user("alice", "127.0.0.17");
        Error full = alice.error(new PublishKeys(new KeyUpload(identities.get(alice), new byte[0],
                TestClient.keys(identities.get(alice), 11, 100).oneTimePreKeys())));
        assertThat(full).isEqualTo(new Error(ErrorCode.LIMIT_REACHED,
                "the server keeps at most 30 one-time prekeys per user and has 20 of yours"));
        assertThat(alice.expect(new PublishKeys(new KeyUpload(identities.get(alice), new byte[0],
                TestClient.keys(identities.get(alice), 10, 100).oneTimePreKeys())), Ok.class)).isNotNull();
    }
}
