package dev.parley.client.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.client.ChatMessage;
import dev.parley.client.GroupSummary;
import dev.parley.client.JoinedGroup;
import dev.parley.client.ParleyClient;
import dev.parley.client.events.ClientEvent;
import dev.parley.wire.Deliver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Groups end to end: sender keys over pairwise sessions, fan-out, leavers and newcomers. */
@Timeout(60)
class GroupsTest extends RealServerTest {

    static final Duration WAIT = MessagingTest.WAIT;


    static ChatMessage groupMessage(ParleyClient client, String text) throws Exception {
        return client.events().await(ClientEvent.GroupMessageReceived.class, e -> e.message().text().equals(text), WAIT)
                .message();
    }

    /**
     * {@code joiner} (signed up as {@code name}) joins {@code group}; returns once each of {@code seenBy} has seen the
     * join. A member who sends before seeing a join seals the message before the newcomer has its key (the known join
     * race, docs/ARCHITECTURE.md), so a test that expects the newcomer to read it must wait for this.
     */
    static void join(ParleyClient joiner, String name, String group, ParleyClient... seenBy) throws Exception {
        joiner.joinGroup(group);
        for (ParleyClient member : seenBy) {
            member.events().await(ClientEvent.MembershipChanged.class,
                    e -> e.group().equals(group) && e.user().equals(name) && e.joined(), WAIT);
        }
    }

    static void noGroupMessage(ParleyClient client, String text) throws Exception {
        Thread.sleep(300);
        assertThatThrownBy(() -> client.events().await(ClientEvent.GroupMessageReceived.class,
                e -> e.message().text().equals(text), Duration.ofMillis(200)))
                .isInstanceOf(java.util.concurrent.TimeoutException.class);
    }

    @Test
    void membersCreateJoinListAndTalkInAGroup() throws Exception {
        ParleyClient alice = signedUp("alice");
        ParleyClient bob = signedUp("bob");
        ParleyClient carol = signedUp("carol");
        ParleyClient dave = signedUp("dave");

        assertThat(alice.createGroup("Friends")).isEqualTo(new JoinedGroup("friends", List.of("alice"), true));
        assertThatThrownBy(() -> bob.createGroup("friends")).hasMessage("a group called friends already exists");
        assertThat(bob.joinGroup("friends").members()).containsExactlyInAnyOrder("alice", "bob");
        assertThat(carol.joinGroup("#friends".substring(1)).created()).isFalse();
        assertThat(bob.joinGroup("friends").members()).as("joining twice is harmless").hasSize(3);
        assertThat(dave.joinGroup("others").created()).as("join creates").isTrue();
        alice.events().await(ClientEvent.MembershipChanged.class, e -> e.user().equals("carol") && e.joined(), WAIT);

        assertThat(alice.listGroups()).contains(new GroupSummary("friends", 3), new GroupSummary("others", 1));
        assertThat(alice.members("friends")).containsExactlyInAnyOrder("alice", "bob", "carol");

        ChatMessage sent = alice.sendGroup("friends", "hello friends");
        assertThat(sent.group()).isTrue();
        assertThat(groupMessage(bob, "hello friends").sender()).isEqualTo("alice");
        assertThat(groupMessage(carol, "hello friends").conversation()).isEqualTo("friends");
        List<String> confirmedBy = new ArrayList<>();
        ClientEvent.MessageDelivered receipt = null;
        for (int i = 0; i < 2; i++) {
            receipt = alice.events().await(ClientEvent.MessageDelivered.class, e -> e.message().id() == sent.id(), WAIT);
            confirmedBy.add(receipt.recipient());
        }
        assertThat(confirmedBy).containsExactlyInAnyOrder("bob", "carol");
        assertThat(receipt.message().state()).isEqualTo(ChatMessage.DeliveryState.DELIVERED);
        assertThat(bob.joinGroup("friends").created()).as("joining again keeps the keys bob holds").isFalse();
        bob.sendGroup("friends", "hi from bob");
        groupMessage(alice, "hi from bob");
        alice.sendGroup("friends", "still readable after bob's second join");
        groupMessage(bob, "still readable after bob's second join");
        groupMessage(carol, "hi from bob");
        noGroupMessage(dave, "hello friends");

        assertThat(carol.groupHistory("friends", 10)).extracting(ChatMessage::text)
                .containsExactly("hello friends", "hi from bob", "still readable after bob's second join");
        assertThat(carol.conversation("friends", 10)).hasSize(3);
        assertThatThrownBy(() -> dave.sendGroup("friends", "let me in"))
                .hasMessageContaining("not a member of friends");
    }

    @Test
    void aFormerMemberCannotReadWhatIsSentAfterLeavingAndANewcomerCannotReadWhatCameBefore() throws Exception {
        ParleyClient alice = signedUp("alice");
        ParleyClient bob = signedUp("bob");
        ParleyClient carol = signedUp("carol");
        alice.createGroup("friends");
        join(bob, "bob", "friends", alice);
        join(carol, "carol", "friends", alice);
        LinkedBlockingQueue<Deliver> bobSaw = new LinkedBlockingQueue<>();
        bob.inspect().onDeliver(d -> {
            if (!d.group().isEmpty()) {
                bobSaw.add(d);
            }
        });

        alice.sendGroup("friends", "before carol leaves");
        groupMessage(carol, "before carol leaves");
        groupMessage(bob, "before carol leaves");
        Deliver before = bobSaw.poll(5, TimeUnit.SECONDS);

        carol.leaveGroup("friends");
        alice.events().await(ClientEvent.MembershipChanged.class, e -> e.user().equals("carol") && !e.joined(), WAIT);
        alice.sendGroup("friends", "after carol left");
        groupMessage(bob, "after carol left");
        noGroupMessage(carol, "after carol left");
        Deliver after = bobSaw.poll(5, TimeUnit.SECONDS);
        assertThat(after).isNotNull();
        assertThat(carol.inspect().tryDecryptGroupMessage("friends", "alice", after.payload()))
                .as("the former member holds only alice's old key").isEmpty();

        ParleyClient dave = signedUp("dave");
        join(dave, "dave", "friends", alice);
        alice.sendGroup("friends", "welcome dave");
        groupMessage(dave, "welcome dave");
        assertThat(dave.inspect().tryDecryptGroupMessage("friends", "alice", before.payload()))
                .as("the newcomer cannot read what was sent before").isEmpty();
        assertThat(dave.inspect().tryDecryptGroupMessage("friends", "alice", after.payload())).isEmpty();

        join(carol, "carol", "friends", alice);
        alice.sendGroup("friends", "welcome back carol");
        groupMessage(carol, "welcome back carol");
        groupMessage(bob, "welcome back carol");
    }

    @Test
    void anOfflineMemberCatchesUpWithEveryGroupMessageInOrder() throws Exception {
        ParleyClient alice = signedUp("alice");
        ParleyClient bob = signedUp("bob");
        alice.createGroup("friends");
        join(bob, "bob", "friends", alice);
        bob.close();
        alice.sendGroup("friends", "one");
        alice.sendGroup("friends", "two");
        ParleyClient bobAgain = resumed("bob");
        groupMessage(bobAgain, "one");
        groupMessage(bobAgain, "two");
        assertThat(bobAgain.groupHistory("friends", 5)).extracting(ChatMessage::text).containsExactly("one", "two");
    }

    @Test
    void messagesFromAMemberWhoseKeyArrivesLaterAreKeptAndShown() throws Exception {
        ParleyClient alice = signedUp("alice");
        ParleyClient bob = signedUp("bob");
        ParleyClient carol = signedUp("carol");
        alice.createGroup("friends");
        join(bob, "bob", "friends", alice);
        join(carol, "carol", "friends", alice, bob);
        // carol is offline while alice and bob both talk; their keys and messages queue up for her
        carol.close();
        alice.sendGroup("friends", "from alice");
        bob.sendGroup("friends", "from bob");
        alice.sendGroup("friends", "alice again");
        ParleyClient carolAgain = resumed("carol");
        groupMessage(carolAgain, "from alice");
        groupMessage(carolAgain, "from bob");
        groupMessage(carolAgain, "alice again");
    }

    @Test
    void sendingToSeveralGroupsReachesEach() throws Exception {
        ParleyClient alice = signedUp("alice");
        ParleyClient bob = signedUp("bob");
        alice.createGroup("one");
        alice.createGroup("two");
        join(bob, "bob", "one", alice);
        join(bob, "bob", "two", alice);
        for (String group : List.of("one", "two")) {
            alice.sendGroup(group, "to all my groups");
        }
        assertThat(groupMessage(bob, "to all my groups").conversation()).isEqualTo("one");
        assertThat(groupMessage(bob, "to all my groups").conversation()).isEqualTo("two");
    }
}
