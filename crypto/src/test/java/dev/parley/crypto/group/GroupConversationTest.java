package dev.parley.crypto.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.crypto.DuplicateMessageException;
import dev.parley.crypto.InvalidMessageException;
import dev.parley.crypto.NoSessionException;
import dev.parley.crypto.store.InMemorySenderKeyStore;
import dev.parley.crypto.testing.TestRandom;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GroupConversationTest {
    private static final String GROUP = "g-1";

    /** A member's sender-key store; distribution messages are handed over directly (in the app: over pairwise sessions). */
    private static final class Member {
        final String name;
        final InMemorySenderKeyStore store = new InMemorySenderKeyStore();
        final MutableClock clock = new MutableClock();
        final GroupSessionBuilder builder;

        Member(String name, long seed) {
            this.name = name;
            this.builder = new GroupSessionBuilder(store, TestRandom.seeded(seed), clock);
        }

        byte[] send(String text) throws Exception {
            return new GroupCipher(store, GROUP, name).encrypt(text.getBytes(StandardCharsets.UTF_8));
        }

        String read(Member from, byte[] c) throws Exception {
            return new String(new GroupCipher(store, GROUP, from.name).decrypt(c), StandardCharsets.UTF_8);
        }

        void learn(Member from, byte[] distribution) throws Exception {
            builder.process(GROUP, from.name, distribution);
        }
    }

    private static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-11-22T00:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final Member alice = new Member("alice", 1);
    private final Member bob = new Member("bob", 2);
    private final Member carol = new Member("carol", 3);
    private final Member dave = new Member("dave", 4);

    @Test
    void everyMemberReadsEveryOtherMembersMessages() throws Exception {
        for (Member m : List.of(alice, bob, carol)) {
            byte[] d = m.builder.create(GROUP, m.name);
            for (Member other : List.of(alice, bob, carol)) if (other != m) other.learn(m, d);
        }
        for (Member sender : List.of(alice, bob, carol)) {
            for (int i = 0; i < 3; i++) {
                byte[] c = sender.send(sender.name + " says " + i);
                for (Member r : List.of(alice, bob, carol)) {
                    if (r != sender) assertThat(r.read(sender, c)).isEqualTo(sender.name + " says " + i);
                }
            }
        }
    }

    @Test
    void oneCiphertextServesEveryRecipientAndEachMessageHasItsOwnKey() throws Exception {
        byte[] d = alice.builder.create(GROUP, "alice");
        bob.learn(alice, d);
        carol.learn(alice, d);
        byte[] c1 = alice.send("same");
        byte[] c2 = alice.send("same");
        assertThat(c1).isNotEqualTo(c2);
        assertThat(bob.read(alice, c1)).isEqualTo("same");
        assertThat(carol.read(alice, c1)).isEqualTo("same");
        assertThat(bob.read(alice, c2)).isEqualTo("same");
    }

    @Test
    void createReturnsTheSameKeyUntilRotated() {
        byte[] d1 = alice.builder.create(GROUP, "alice");
        byte[] d2 = alice.builder.create(GROUP, "alice");
        assertThat(d2).isEqualTo(d1);
        assertThat(alice.builder.rotate(GROUP, "alice")).isNotEqualTo(d1);
    }

    @Test
    void aLateJoinerCannotReadMessagesSentBeforeItJoined() throws Exception {
        bob.learn(alice, alice.builder.create(GROUP, "alice"));
        byte[] early = alice.send("before carol");
        assertThat(bob.read(alice, early)).isEqualTo("before carol");

        carol.learn(alice, alice.builder.create(GROUP, "alice"));
        assertThatThrownBy(() -> carol.read(alice, early)).isInstanceOf(InvalidMessageException.class);
        byte[] later = alice.send("after carol");
        assertThat(carol.read(alice, later)).isEqualTo("after carol");
        assertThat(bob.read(alice, later)).isEqualTo("after carol");
    }

    @Test
    void aRemovedMemberCannotReadAnythingAfterTheRemainingMembersRotate() throws Exception {
        for (Member m : List.of(alice, bob, carol)) {
            byte[] d = m.builder.create(GROUP, m.name);
            for (Member other : List.of(alice, bob, carol)) if (other != m) other.learn(m, d);
        }
        byte[] before = alice.send("carol is still here");
        assertThat(carol.read(alice, before)).isEqualTo("carol is still here");

        for (Member stays : List.of(alice, bob)) {
            byte[] d = stays.builder.rotate(GROUP, stays.name);
            for (Member other : List.of(alice, bob)) if (other != stays) other.learn(stays, d);
        }
        byte[] fromAlice = alice.send("carol has left");
        byte[] fromBob = bob.send("indeed");
        assertThat(bob.read(alice, fromAlice)).isEqualTo("carol has left");
        assertThat(alice.read(bob, fromBob)).isEqualTo("indeed");
        assertThatThrownBy(() -> carol.read(alice, fromAlice)).isInstanceOf(NoSessionException.class);
        assertThatThrownBy(() -> carol.read(bob, fromBob)).isInstanceOf(NoSessionException.class);
    }

    @Test
    void messagesSentJustBeforeARotationStayReadable() throws Exception {
        bob.learn(alice, alice.builder.create(GROUP, "alice"));
        byte[] old = alice.send("old key");
        bob.learn(alice, alice.builder.rotate(GROUP, "alice"));
        byte[] fresh = alice.send("new key");
        assertThat(bob.read(alice, fresh)).isEqualTo("new key");
        assertThat(bob.read(alice, old)).isEqualTo("old key");
    }

    @Test
    void duplicatesOutOfOrderAndTooFarAheadAreHandled() throws Exception {
        bob.learn(alice, alice.builder.create(GROUP, "alice"));
        List<byte[]> sent = new ArrayList<>();
        for (int i = 0; i < 1003; i++) sent.add(alice.send("g" + i));
        assertThatThrownBy(() -> bob.read(alice, sent.get(1002))).isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining("too far ahead");
        assertThat(bob.read(alice, sent.get(5))).isEqualTo("g5");
        assertThat(bob.read(alice, sent.get(2))).isEqualTo("g2");
        assertThatThrownBy(() -> bob.read(alice, sent.get(5))).isInstanceOf(DuplicateMessageException.class);
        assertThatThrownBy(() -> bob.read(alice, sent.get(2))).isInstanceOf(DuplicateMessageException.class);
        assertThat(bob.read(alice, sent.get(1002))).isEqualTo("g1002");
    }

    @Test
    void aRepeatedDistributionMessageCannotRewindTheChain() throws Exception {
        byte[] d = alice.builder.create(GROUP, "alice");
        bob.learn(alice, d);
        byte[] c = alice.send("once");
        bob.read(alice, c);
        bob.learn(alice, d);
        assertThatThrownBy(() -> bob.read(alice, c)).isInstanceOf(DuplicateMessageException.class);
    }

    @Test
    void everyByteFlipTruncationOrSignatureFromAnotherMemberIsRejected() throws Exception {
        bob.learn(alice, alice.builder.create(GROUP, "alice"));
        byte[] c = alice.send("signed");
        for (int i = 0; i < c.length; i++) {
            byte[] t = c.clone();
            t[i] ^= 0x20;
            assertThatThrownBy(() -> bob.read(alice, t)).isInstanceOf(dev.parley.crypto.CryptoException.class);
        }
        for (int len = 0; len < c.length; len++) {
            byte[] cut = java.util.Arrays.copyOf(c, len);
            assertThatThrownBy(() -> bob.read(alice, cut)).isInstanceOf(dev.parley.crypto.CryptoException.class);
        }
        assertThat(bob.read(alice, c)).isEqualTo("signed");
    }

    @Test
    void aMemberCannotPassAnotherMembersMessageOffAsItsOwn() throws Exception {
        byte[] d = alice.builder.create(GROUP, "alice");
        bob.learn(alice, d);
        assertThatThrownBy(() -> bob.builder.process(GROUP, "mallory", d)).isInstanceOf(InvalidMessageException.class);
        assertThatThrownBy(() -> bob.builder.process("other-group", "alice", d)).isInstanceOf(InvalidMessageException.class);
        byte[] c = alice.send("from alice");
        assertThatThrownBy(() -> new GroupCipher(bob.store, "other-group", "alice").decrypt(c)).isInstanceOf(NoSessionException.class);
    }

    @Test
    void encryptingWithoutOwnSenderKeyThrowsNoSession() {
        assertThatThrownBy(() -> dave.send("x")).isInstanceOf(NoSessionException.class);
    }

    @Test
    void rotationIsDueAfterAWeek() {
        alice.builder.create(GROUP, "alice");
        assertThat(alice.builder.rotationDue(GROUP, "alice")).isFalse();
        alice.clock.now = alice.clock.now.plus(Duration.ofDays(7));
        assertThat(alice.builder.rotationDue(GROUP, "alice")).isTrue();
        assertThat(bob.builder.rotationDue(GROUP, "bob")).isTrue();
    }

    @Test
    void senderKeyRecordsSurviveADiskRoundTrip() throws Exception {
        bob.learn(alice, alice.builder.create(GROUP, "alice"));
        byte[] skipped = alice.send("skipped for now");
        bob.read(alice, alice.send("read"));
        byte[] saved = bob.store.load(GROUP, "alice").orElseThrow().serialize();
        assertThat(SenderKeyRecord.deserialize(saved).serialize()).isEqualTo(saved);
        bob.store.store(GROUP, "alice", SenderKeyRecord.deserialize(saved));
        assertThat(bob.read(alice, skipped)).isEqualTo("skipped for now");
    }
}
