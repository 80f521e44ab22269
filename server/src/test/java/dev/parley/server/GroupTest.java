package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.testing.TestClient;
import dev.parley.server.testing.TestServers;
import dev.parley.wire.Accepted;
import dev.parley.wire.Ack;
import dev.parley.wire.CreateGroup;
import dev.parley.wire.Deliver;
import dev.parley.wire.Error;
import dev.parley.wire.ErrorCode;
import dev.parley.wire.GroupInfo;
import dev.parley.wire.GroupList;
import dev.parley.wire.GroupSummary;
import dev.parley.wire.JoinGroup;
import dev.parley.wire.LeaveGroup;
import dev.parley.wire.ListGroups;
import dev.parley.wire.ListMembers;
import dev.parley.wire.MemberList;
import dev.parley.wire.MembershipChanged;
import dev.parley.wire.Message;
import dev.parley.wire.Ok;
import dev.parley.wire.QueueDrained;
import dev.parley.wire.SendGroup;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Groups over real TLS sockets: membership, fan-out, limits. */
@Timeout(60)
class GroupTest {
    @TempDir
    Path data;

    ParleyServer server;
    final List<TestClient> clients = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = ParleyServer.start(TestServers.config(data).withMaxGroupMembers(3).withMaxGroupsPerUser(2));
    }

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

    static byte[] text(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void createJoinsTheCreatorAndRefusesAnExistingName() throws Exception {
        TestClient alice = user("alice");
        GroupInfo info = alice.expect(new CreateGroup("Team"), GroupInfo.class);
        assertThat(info).isEqualTo(new GroupInfo("team", 1, true));
        Error again = user("bob").error(new CreateGroup("TEAM"));
        assertThat(again.code()).isEqualTo(ErrorCode.GROUP_EXISTS);
        assertThat(again.message()).isEqualTo("a group called team already exists");
    }

    @Test
    void joinCreatesAMissingGroupAndJoiningTwiceIsHarmless() throws Exception {
        TestClient alice = user("alice");
        assertThat(alice.expect(new JoinGroup("team"), GroupInfo.class)).isEqualTo(new GroupInfo("team", 1, true));
        assertThat(alice.expect(new JoinGroup("team"), GroupInfo.class)).isEqualTo(new GroupInfo("team", 1, false));
        assertThat(user("bob").expect(new JoinGroup("team"), GroupInfo.class)).isEqualTo(new GroupInfo("team", 2, false));
    }

    @Test
    void listShowsEveryGroupWithItsMemberCount() throws Exception {
        TestClient alice = user("alice");
        TestClient bob = user("bob");
        alice.expect(new CreateGroup("one"), GroupInfo.class);
        bob.expect(new JoinGroup("one"), GroupInfo.class);
        bob.expect(new CreateGroup("two"), GroupInfo.class);
        GroupList list = alice.expect(new ListGroups(), GroupList.class);
        assertThat(list.groups()).containsExactly(new GroupSummary("one", 2), new GroupSummary("two", 1));
        assertThat(alice.expect(new ListMembers("one"), MemberList.class).members()).containsExactly("alice", "bob");
        assertThat(alice.error(new ListMembers("three")).code()).isEqualTo(ErrorCode.UNKNOWN_GROUP);
    }

    @Test
    void fanOutReachesEveryOtherMemberAndNoOneElse() throws Exception {
        TestClient alice = user("alice");
        TestClient bob = user("bob");
        TestClient carol = user("carol");
        TestClient dave = user("dave");
        alice.expect(new CreateGroup("team"), GroupInfo.class);
        bob.expect(new JoinGroup("team"), GroupInfo.class);
        carol.expect(new JoinGroup("team"), GroupInfo.class);
        Accepted accepted = alice.expect(new SendGroup("team", 1, text("hello team")), Accepted.class);
        for (TestClient member : List.of(bob, carol)) {
            Deliver deliver = member.push(Deliver.class);
            assertThat(deliver.messageId()).isEqualTo(accepted.messageId());
            assertThat(deliver.sender()).isEqualTo("alice");
            assertThat(deliver.group()).isEqualTo("team");
            assertThat(deliver.payload()).isEqualTo(text("hello team"));
        }
        alice.expect(new dev.parley.wire.Ping(1), dev.parley.wire.Pong.class);
        dave.expect(new dev.parley.wire.Ping(1), dev.parley.wire.Pong.class);
        assertThat(alice.drainPushes(Deliver.class)).isEmpty();
        assertThat(dave.drainPushes(Deliver.class)).isEmpty();
    }

    @Test
    void aMessageToAGroupOneIsNotInIsRefused() throws Exception {
        TestClient alice = user("alice");
        alice.expect(new CreateGroup("team"), GroupInfo.class);
        Error error = user("mallory").error(new SendGroup("team", 1, text("let me in")));
        assertThat(error.code()).isEqualTo(ErrorCode.NOT_A_MEMBER);
        assertThat(error.message()).isEqualTo("you are not a member of team");
        assertThat(alice.error(new SendGroup("nowhere", 1, text("x"))).code()).isEqualTo(ErrorCode.UNKNOWN_GROUP);
    }

    @Test
    void anOfflineMemberGetsEveryGroupMessageAtSignInInOrder() throws Exception {
        TestClient alice = user("alice");
        TestClient bob = user("bob");
        alice.expect(new CreateGroup("team"), GroupInfo.class);
        bob.expect(new JoinGroup("team"), GroupInfo.class);
        bob.close();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(alice.expect(new SendGroup("team", i, text("g" + i)), Accepted.class).messageId());
        }
        TestClient again = TestClient.connect(server.port());
        clients.add(again);
        again.signIn("bob", "bob password");
        for (int i = 0; i < 3; i++) {
            Deliver deliver = again.push(Deliver.class);
            assertThat(deliver.messageId()).isEqualTo(ids.get(i));
            assertThat(deliver.payload()).isEqualTo(text("g" + i));
            assertThat(deliver.group()).isEqualTo("team");
        }
        again.push(QueueDrained.class);
        again.expect(new Ack(ids), Ok.class);
    }

    @Test
    void afterLeavingNothingNewArrivesAndMembersAreTold() throws Exception {
        TestClient alice = user("alice");
        TestClient bob = user("bob");
        alice.expect(new CreateGroup("team"), GroupInfo.class);
        bob.expect(new JoinGroup("team"), GroupInfo.class);
        MembershipChanged joined = alice.push(MembershipChanged.class);
        while (!joined.user().equals("bob")) {
            joined = alice.push(MembershipChanged.class);
        }
        assertThat(joined.joined()).isTrue();
        assertThat(joined.members()).containsExactly("alice", "bob");

        bob.expect(new LeaveGroup("team"), Ok.class);
        MembershipChanged left = alice.push(MembershipChanged.class);
        assertThat(left).isEqualTo(new MembershipChanged("team", "bob", false, List.of("alice")));
        assertThat(lastMembershipChange(bob)).isEqualTo(new MembershipChanged("team", "bob", false, List.of("alice")));

        alice.expect(new SendGroup("team", 9, text("after bob left")), Accepted.class);
        bob.expect(new dev.parley.wire.Ping(2), dev.parley.wire.Pong.class);
        assertThat(bob.drainPushes(Deliver.class)).isEmpty();
        assertThat(bob.error(new LeaveGroup("team")).code()).isEqualTo(ErrorCode.NOT_A_MEMBER);
        assertThat(bob.error(new SendGroup("team", 10, text("x"))).code()).isEqualTo(ErrorCode.NOT_A_MEMBER);
    }

    private static MembershipChanged lastMembershipChange(TestClient client) {
        MembershipChanged last = client.push(MembershipChanged.class);
        for (MembershipChanged next : client.drainPushes(MembershipChanged.class)) {
            last = next;
        }
        return last;
    }

    @Test
    void twoUsersJoiningTheSameNewGroupAtOnceBothSucceedAndOneCreatedIt() throws Exception {
        TestClient alice = user("alice");
        TestClient bob = user("bob");
        long a = alice.send(new JoinGroup("race"));
        long b = bob.send(new JoinGroup("race"));
        Message first = alice.await(a);
        Message second = bob.await(b);
        assertThat(first).isInstanceOf(GroupInfo.class);
        assertThat(second).isInstanceOf(GroupInfo.class);
        assertThat(((GroupInfo) first).created() ^ ((GroupInfo) second).created()).isTrue();
        assertThat(alice.expect(new ListMembers("race"), MemberList.class).members()).containsExactlyInAnyOrder("alice", "bob");
    }

    @Test
    void aFullGroupAndTooManyGroupsGetClearErrors() throws Exception {
        TestClient alice = user("alice");
        alice.expect(new CreateGroup("small"), GroupInfo.class);
        user("bob").expect(new JoinGroup("small"), GroupInfo.class);
        user("carol").expect(new JoinGroup("small"), GroupInfo.class);
        Error full = user("dave").error(new JoinGroup("small"));
        assertThat(full.code()).isEqualTo(ErrorCode.LIMIT_REACHED);
        assertThat(full.message()).isEqualTo("small is full (at most 3 members)");

        alice.expect(new CreateGroup("second"), GroupInfo.class);
        Error tooMany = alice.error(new CreateGroup("third"));
        assertThat(tooMany.code()).isEqualTo(ErrorCode.LIMIT_REACHED);
        assertThat(tooMany.message()).isEqualTo("you are in 2 groups, the most allowed; leave one first");
    }

    @Test
    void groupNamesAreValidatedLikeUsernames() throws Exception {
        Error error = user("alice").error(new CreateGroup("no spaces"));
        assertThat(error.code()).isEqualTo(ErrorCode.INVALID_NAME);
    }

    @Test
    void membershipAndGroupMessagesSurviveARestart() throws Exception {
        TestClient alice = user("alice");
        TestClient bob = user("bob");
        alice.expect(new CreateGroup("team"), GroupInfo.class);
        bob.expect(new JoinGroup("team"), GroupInfo.class);
        bob.close();
        long id = alice.expect(new SendGroup("team", 1, text("kept")), Accepted.class).messageId();
        clients.forEach(TestClient::close);
        clients.clear();
        server.close();
        server = ParleyServer.start(TestServers.config(data));
        TestClient again = TestClient.connect(server.port());
        clients.add(again);
        again.signIn("bob", "bob password");
        Deliver deliver = again.push(Deliver.class);
        assertThat(deliver.messageId()).isEqualTo(id);
        assertThat(deliver.group()).isEqualTo("team");
        assertThat(again.expect(new ListMembers("team"), MemberList.class).members()).containsExactly("alice", "bob");
    }
}
