package dev.parley.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.client.GroupSummary;
import dev.parley.client.JoinedGroup;
import dev.parley.client.ParleyClient;
import dev.parley.client.ParleyException;
import dev.parley.client.events.ClientEvent;
import dev.parley.client.events.ClientEvent.GroupMessageReceived;
import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import dev.parley.wire.Deliver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Groups with four real clients: membership, fan-out, catch-up and what a former member can read. */
@Timeout(180)
class GroupsTest {
    @TempDir
    Path temp;

    ParleyServer server;
    Accounts accounts;
    ParleyClient ann;
    ParleyClient ben;
    ParleyClient cat;
    ParleyClient dan;

    @BeforeEach
    void start() throws Exception {
        server = ParleyServer.start(ServerConfig.defaults(temp.resolve("server")).withHost("127.0.0.1").withPort(0));
        accounts = new Accounts(temp.resolve("clients"), server.port());
        ann = accounts.signedUp("ann");
        ben = accounts.signedUp("ben");
        cat = accounts.signedUp("cat");
        dan = accounts.signedUp("dan");
    }

    @AfterEach
    void stop() throws Exception {
        accounts.close();
        server.close();
    }

    @Test
    void createJoinAndJoinThatCreatesShowInList() {
        JoinedGroup created = ann.createGroup("friends");
        assertThat(created.created()).isTrue();
        ben.joinGroup("friends");
        cat.joinGroup("friends");
        JoinedGroup fresh = dan.joinGroup("newcomers");
        assertThat(fresh.created()).isTrue();
        assertThat(ben.joinGroup("friends").created()).as("joining twice is harmless").isFalse();

        assertThat(dan.listGroups()).extracting(GroupSummary::name, GroupSummary::members)
                .contains(org.assertj.core.groups.Tuple.tuple("friends", 3), org.assertj.core.groups.Tuple.tuple("newcomers", 1));
        assertThat(ann.members("friends")).containsExactlyInAnyOrder("ann", "ben", "cat");
    }

    @Test
    void creatingAnExistingGroupIsAClearError() {
        ann.createGroup("friends");
        assertThatThrownBy(() -> ben.createGroup("FRIENDS"))
                .isInstanceOf(ParleyException.class)
                .hasMessageContaining("exists");
    }

    @Test
    void aGroupMessageReachesEveryMemberAndNoOneElse() throws Exception {
        ann.createGroup("friends");
        Accounts.join(ben, "friends", ann);
        Accounts.join(cat, "friends", ann);

        ann.sendGroup("friends", "hello friends");
        for (ParleyClient member : List.of(ben, cat)) {
            GroupMessageReceived got = member.events().await(GroupMessageReceived.class, Accounts.WAIT);
            assertThat(got.message().conversation()).isEqualTo("friends");
            assertThat(got.message().sender()).isEqualTo("ann");
            assertThat(got.message().text()).isEqualTo("hello friends");
        }
        cat.sendGroup("friends", "hi from cat");
        assertThat(ann.events().await(GroupMessageReceived.class, Accounts.WAIT).message().text()).isEqualTo("hi from cat");
        assertThat(ben.events().await(GroupMessageReceived.class, Accounts.WAIT).message().text()).isEqualTo("hi from cat");
        assertThat(dan.events().poll(Duration.ofSeconds(1)).filter(GroupMessageReceived.class::isInstance)).isEmpty();
    }

    @Test
    void anOfflineMemberCatchesUpInOrder() throws Exception {
        ann.createGroup("friends");
        Accounts.join(ben, "friends", ann);
        ann.sendGroup("friends", "warm-up");
        ben.events().await(GroupMessageReceived.class, Accounts.WAIT);
        ben.close();

        for (int i = 1; i <= 10; i++) {
            ann.sendGroup("friends", "while ben was away " + i);
        }
        ParleyClient benAgain = accounts.client("ben");
        benAgain.signIn("ben", Accounts.password("ben"));
        for (int i = 1; i <= 10; i++) {
            assertThat(benAgain.events().await(GroupMessageReceived.class, Accounts.WAIT).message().text())
                    .isEqualTo("while ben was away " + i);
        }
    }

    @Test
    void aFormerMemberReceivesNothingNewAndCannotDecryptWhatIsSentAfterTheyLeft() throws Exception {
        ann.createGroup("friends");
        Accounts.join(ben, "friends", ann);
        Accounts.join(dan, "friends", ann);
        ann.sendGroup("friends", "before dan leaves");
        dan.events().await(GroupMessageReceived.class, Accounts.WAIT);
        ben.events().await(GroupMessageReceived.class, Accounts.WAIT);

        LinkedBlockingQueue<Deliver> atBen = new LinkedBlockingQueue<>();
        ben.inspect().onDeliver(d -> {
            if (d.group().equals("friends")) {
                atBen.add(d);
            }
        });
        dan.leaveGroup("friends");
        ben.events().await(ClientEvent.MembershipChanged.class, m -> !m.joined() && m.user().equals("dan"), Accounts.WAIT);
        ann.events().await(ClientEvent.MembershipChanged.class, m -> !m.joined() && m.user().equals("dan"), Accounts.WAIT);

        ann.sendGroup("friends", "after dan left");
        assertThat(ben.events().await(GroupMessageReceived.class, Accounts.WAIT).message().text()).isEqualTo("after dan left");
        assertThat(dan.events().poll(Duration.ofSeconds(1)).filter(GroupMessageReceived.class::isInstance)).isEmpty();

        Deliver later = null;
        for (Deliver d; (d = atBen.poll(10, TimeUnit.SECONDS)) != null; ) {
            if (d.sender().equals("ann")) {
                later = d;
            }
            if (later != null && atBen.isEmpty()) {
                break;
            }
        }
        assertThat(later).as("ann's ciphertext as the server delivered it to ben").isNotNull();
        Optional<String> danReads = dan.inspect().tryDecryptGroupMessage("friends", "ann", later.payload());
        assertThat(danReads).as("what dan can read of a message sent after he left").isEmpty();
    }

    @Test
    void aLateJoinerCannotReadWhatWasSentBeforeTheyJoined() throws Exception {
        ann.createGroup("friends");
        Accounts.join(ben, "friends", ann);
        LinkedBlockingQueue<Deliver> atBen = new LinkedBlockingQueue<>();
        ben.inspect().onDeliver(atBen::add);
        ann.sendGroup("friends", "before cat joined");
        ben.events().await(GroupMessageReceived.class, Accounts.WAIT);
        Deliver earlier = atBen.poll(10, TimeUnit.SECONDS);
        while (earlier != null && !earlier.group().equals("friends")) {
            earlier = atBen.poll(10, TimeUnit.SECONDS);
        }
        assertThat(earlier).isNotNull();

        Accounts.join(cat, "friends", ann);
        ann.sendGroup("friends", "after cat joined");
        assertThat(cat.events().await(GroupMessageReceived.class, Accounts.WAIT).message().text()).isEqualTo("after cat joined");
        assertThat(cat.inspect().tryDecryptGroupMessage("friends", "ann", earlier.payload())).isEmpty();
    }

    @Test
    void aMemberWhoLeftAndRejoinedReadsNewMessagesAgain() throws Exception {
        ann.createGroup("friends");
        ben.joinGroup("friends");
        ben.leaveGroup("friends");
        ben.joinGroup("friends");
        ann.events().await(ClientEvent.MembershipChanged.class, m -> m.joined() && m.user().equals("ben") && m.members().contains("ben"), Accounts.WAIT);
        ann.sendGroup("friends", "welcome back");
        assertThat(ben.events().await(GroupMessageReceived.class, Accounts.WAIT).message().text()).isEqualTo("welcome back");
    }

    @Test
    void twoUsersJoiningTheSameNewGroupAtOnceBothEndUpMembers() throws Exception {
        CompletableFuture<JoinedGroup> a = CompletableFuture.supplyAsync(() -> cat.joinGroup("race"));
        CompletableFuture<JoinedGroup> b = CompletableFuture.supplyAsync(() -> dan.joinGroup("race"));
        assertThat(List.of(a.get(30, TimeUnit.SECONDS).created(), b.get(30, TimeUnit.SECONDS).created()))
                .containsExactlyInAnyOrder(true, false);
        assertThat(ann.members("race")).containsExactlyInAnyOrder("cat", "dan");
    }

    @Test
    void sendingToAGroupOneIsNotInIsRefused() {
        ann.createGroup("private");
        assertThatThrownBy(() -> ben.sendGroup("private", "let me in"))
                .isInstanceOf(ParleyException.class)
                .hasMessageContaining("private");
    }

    @Test
    void anUnknownGroupIsAClearError() {
        assertThatThrownBy(() -> ann.members("nowhere"))
                .isInstanceOf(ParleyException.class)
                .hasMessageContaining("nowhere");
    }

    @Test
    void aUserTalksInSeveralGroupsAtOnce() throws Exception {
        ann.createGroup("work");
        ann.createGroup("home");
        Accounts.join(ben, "work", ann);
        Accounts.join(ben, "home", ann);
        ann.sendGroup("work", "standup at ten");
        ann.sendGroup("home", "dinner at seven");
        GroupMessageReceived first = ben.events().await(GroupMessageReceived.class, Accounts.WAIT);
        GroupMessageReceived second = ben.events().await(GroupMessageReceived.class, Accounts.WAIT);
        assertThat(List.of(first.message().conversation() + ":" + first.message().text(),
                second.message().conversation() + ":" + second.message().text()))
                .containsExactly("work:standup at ten", "home:dinner at seven");
    }
}
