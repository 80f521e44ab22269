package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.testing.TestClient;
import dev.parley.server.testing.TestServers;
import dev.parley.wire.CreateGroup;
import dev.parley.wire.ErrorCode;
import dev.parley.wire.GroupInfo;
import dev.parley.wire.JoinGroup;
import dev.parley.wire.ListUsers;
import dev.parley.wire.Ok;
import dev.parley.wire.Ping;
import dev.parley.wire.Pong;
import dev.parley.wire.Presence;
import dev.parley.wire.PresenceUpdate;
import dev.parley.wire.QueueDrained;
import dev.parley.wire.SetPresence;
import dev.parley.wire.UserList;
import dev.parley.wire.UserPresence;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Online, away, offline with last seen; who hears about changes. */
@Timeout(60)
class PresenceTest {
    @TempDir
    Path data;

    ParleyServer server;
    final List<TestClient> clients = new ArrayList<>();

    @AfterEach
    void stop() {
        clients.forEach(TestClient::close);
        server.close();
    }

    TestClient user(String name) throws Exception {
        TestClient client = TestClient.connect(server.port());
        clients.add(client);
        client.signUp(name, name + " password");
        client.push(QueueDrained.class);
        return client;
    }

    static UserPresence find(UserList list, String name) {
        return list.users().stream().filter(u -> u.username().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void usersAreListedOnlineAwayAndOfflineWithLastSeen() throws Exception {
        server = ParleyServer.start(TestServers.config(data));
        TestClient alice = user("alice");
        TestClient bob = user("bob");
        TestClient carol = user("carol");
        long before = System.currentTimeMillis();
        carol.close();
        bob.expect(new SetPresence(Presence.AWAY), Ok.class);
        awaitOffline(alice, "carol");
        UserList list = alice.expect(new ListUsers(), UserList.class);
        assertThat(find(list, "alice").presence()).isEqualTo(Presence.ONLINE);
        assertThat(find(list, "bob").presence()).isEqualTo(Presence.AWAY);
        UserPresence carolView = find(list, "carol");
        assertThat(carolView.presence()).isEqualTo(Presence.OFFLINE);
        assertThat(carolView.lastSeenMillis()).isBetween(before - 1_000, System.currentTimeMillis());
        assertThat(list.users()).extracting(UserPresence::username).containsExactly("alice", "bob", "carol");
    }

    @Test
    void changesArePushedToOthersWhileFewAreOnline() throws Exception {
        server = ParleyServer.start(TestServers.config(data));
        TestClient alice = user("alice");
        TestClient bob = user("bob");
        UserPresence online = alice.push(PresenceUpdate.class).user();
        assertThat(online.username()).isEqualTo("bob");
        assertThat(online.presence()).isEqualTo(Presence.ONLINE);
        assertThat(online.lastSeenMillis()).as("since when").isPositive();
        bob.expect(new SetPresence(Presence.AWAY), Ok.class);
        assertThat(alice.push(PresenceUpdate.class).user().presence()).isEqualTo(Presence.AWAY);
        bob.close();
        UserPresence offline = alice.push(PresenceUpdate.class).user();
        assertThat(offline.presence()).isEqualTo(Presence.OFFLINE);
        assertThat(offline.lastSeenMillis()).isPositive();
        assertThat(alice.error(new SetPresence(Presence.OFFLINE)).code()).isEqualTo(ErrorCode.BAD_REQUEST);
    }

    @Test
    void withManyOnlineOnlyGroupCoMembersHearOfAChange() throws Exception {
        server = ParleyServer.start(TestServers.config(data).withPresenceBroadcastLimit(0));
        TestClient alice = user("alice");
        TestClient bob = user("bob");
        TestClient stranger = user("stranger");
        alice.expect(new CreateGroup("team"), GroupInfo.class);
        bob.expect(new JoinGroup("team"), GroupInfo.class);
        bob.expect(new SetPresence(Presence.AWAY), Ok.class);
        UserPresence away = alice.push(PresenceUpdate.class).user();
        assertThat(away.username()).isEqualTo("bob");
        assertThat(away.presence()).isEqualTo(Presence.AWAY);
        stranger.expect(new Ping(1), Pong.class);
        assertThat(stranger.drainPushes(PresenceUpdate.class)).isEmpty();
    }

    private static void awaitOffline(TestClient observer, String name) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (find(observer.expect(new ListUsers(), UserList.class), name).presence() == Presence.OFFLINE) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError(name + " never went offline");
    }
}
