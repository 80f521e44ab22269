package dev.parley.crypto.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.crypto.DuplicateMessageException;
import dev.parley.crypto.InvalidKeyException;
import dev.parley.crypto.InvalidMessageException;
import dev.parley.crypto.NoSessionException;
import dev.parley.crypto.UntrustedIdentityException;
import dev.parley.crypto.identity.IdentityKeyPair;
import dev.parley.crypto.testing.Party;
import dev.parley.crypto.testing.TestRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SessionConversationTest {
    private final Party alice = new Party("alice", 1);
    private final Party bob = new Party("bob", 2);
    private final Party carol = new Party("carol", 3);

    SessionConversationTest() throws Exception {}

    @Test
    void aliceStartsASessionWhileBobIsOfflineAndBobReadsItLater() throws Exception {
        alice.startSessionWith(bob);
        byte[] first = alice.encryptTo(bob, "hello bob");
        byte[] second = alice.encryptTo(bob, "are you there?");
        assertThat(SessionCipher.isPreKeyMessage(first)).isTrue();
        assertThat(SessionCipher.isPreKeyMessage(second)).isTrue();
        assertThat(bob.cipherFor(alice).hasSession()).isFalse();

        assertThat(bob.decryptFrom(alice, first)).isEqualTo("hello bob");
        assertThat(bob.decryptFrom(alice, second)).isEqualTo("are you there?");
        byte[] reply = bob.encryptTo(alice, "hi alice");
        assertThat(SessionCipher.isPreKeyMessage(reply)).isFalse();
        assertThat(alice.decryptFrom(bob, reply)).isEqualTo("hi alice");
        assertThat(SessionCipher.isPreKeyMessage(alice.encryptTo(bob, "now a normal message"))).isFalse();
    }

    @Test
    void theOneTimePreKeyIsConsumedByTheFirstMessageOnly() throws Exception {
        int before = bob.store.preKeys().count();
        alice.startSessionWith(bob);
        byte[] first = alice.encryptTo(bob, "one");
        byte[] second = alice.encryptTo(bob, "two");
        bob.decryptFrom(alice, second);
        assertThat(bob.store.preKeys().count()).isEqualTo(before - 1);
        assertThat(bob.decryptFrom(alice, first)).isEqualTo("one");
        assertThat(bob.store.preKeys().count()).isEqualTo(before - 1);
    }

    @Test
    void aSessionStartsWithoutAOneTimePreKeyWhenThePoolIsEmpty() throws Exception {
        new SessionBuilder(alice.store, "bob", alice.random).process(bob.bundleWithoutOneTimePreKey());
        assertThat(bob.decryptFrom(alice, alice.encryptTo(bob, "no otp"))).isEqualTo("no otp");
    }

    @Test
    void aLongExchangeBothWaysDecryptsEveryMessageAndEveryMessageHasItsOwnKey() throws Exception {
        alice.startSessionWith(bob);
        Set<String> ciphertexts = new HashSet<>();
        for (int round = 0; round < 30; round++) {
            for (int i = 0; i < round % 4 + 1; i++) {
                byte[] c = alice.encryptTo(bob, "same text");
                assertThat(ciphertexts.add(java.util.HexFormat.of().formatHex(c))).isTrue();
                assertThat(bob.decryptFrom(alice, c)).isEqualTo("same text");
            }
            for (int i = 0; i < round % 3 + 1; i++) {
                byte[] c = bob.encryptTo(alice, "same text");
                assertThat(ciphertexts.add(java.util.HexFormat.of().formatHex(c))).isTrue();
                assertThat(alice.decryptFrom(bob, c)).isEqualTo("same text");
            }
        }
    }

    @Test
    void aDuplicateDeliveryIsRejectedAsDuplicate() throws Exception {
        alice.startSessionWith(bob);
        byte[] m = alice.encryptTo(bob, "once");
        bob.decryptFrom(alice, m);
        assertThatThrownBy(() -> bob.decryptFrom(alice, m)).isInstanceOf(DuplicateMessageException.class);
        byte[] normal = bob.encryptTo(alice, "reply");
        alice.decryptFrom(bob, normal);
        assertThatThrownBy(() -> alice.decryptFrom(bob, normal)).isInstanceOf(DuplicateMessageException.class);
    }

    @Test
    void aReplayOfAnOldMessageAfterSeveralRatchetStepsIsRejected() throws Exception {
        alice.startSessionWith(bob);
        bob.decryptFrom(alice, alice.encryptTo(bob, "start"));
        byte[] old = bob.encryptTo(alice, "old");
        alice.decryptFrom(bob, old);
        for (int i = 0; i < 5; i++) {
            bob.decryptFrom(alice, alice.encryptTo(bob, "a" + i));
            alice.decryptFrom(bob, bob.encryptTo(alice, "b" + i));
        }
        assertThatThrownBy(() -> alice.decryptFrom(bob, old)).isInstanceOf(DuplicateMessageException.class);
    }

    @Test
    void aMessageTooFarAheadIsRejectedAndLeavesTheSessionWorking() throws Exception {
        alice.startSessionWith(bob);
        bob.decryptFrom(alice, alice.encryptTo(bob, "start"));
        List<byte[]> burst = new ArrayList<>();
        for (int i = 0; i < 1003; i++) burst.add(alice.encryptTo(bob, "m" + i));
        assertThatThrownBy(() -> bob.decryptFrom(alice, burst.get(1002)))
                .isInstanceOf(InvalidMessageException.class).hasMessageContaining("too far ahead");
        assertThat(bob.decryptFrom(alice, burst.get(999))).isEqualTo("m999");
        assertThat(bob.decryptFrom(alice, burst.get(0))).isEqualTo("m0");
        assertThat(bob.decryptFrom(alice, burst.get(1002))).isEqualTo("m1002");
    }

    @Test
    void aCopiedSessionStateStopsWorkingAfterTheNextDiffieHellmanRatchetStep() throws Exception {
        alice.startSessionWith(bob);
        bob.decryptFrom(alice, alice.encryptTo(bob, "start"));
        alice.decryptFrom(bob, bob.encryptTo(alice, "ack"));

        Party eve = new Party("eve", 99);
        byte[] stolen = bob.store.sessions().load("alice").orElseThrow().serialize();
        eve.store.sessions().store("alice", SessionRecord.deserialize(stolen));
        eve.store.identities().saveIdentity("alice", alice.store.identities().localIdentity().publicKey());

        byte[] sameChain = alice.encryptTo(bob, "still readable with the stolen state");
        assertThat(eve.decryptFrom(alice, sameChain)).isEqualTo("still readable with the stolen state");
        bob.decryptFrom(alice, sameChain);

        alice.decryptFrom(bob, bob.encryptTo(alice, "bob ratchets"));
        byte[] afterStep = alice.encryptTo(bob, "secret again");
        assertThatThrownBy(() -> eve.decryptFrom(alice, afterStep)).isInstanceOf(InvalidMessageException.class);
        assertThat(bob.decryptFrom(alice, afterStep)).isEqualTo("secret again");
    }

    @Test
    void everySingleBitFlipInANormalMessageIsRejectedAndDoesNotDisturbTheSession() throws Exception {
        alice.startSessionWith(bob);
        bob.decryptFrom(alice, alice.encryptTo(bob, "start"));
        byte[] m = bob.encryptTo(alice, "intact");
        for (int i = 0; i < m.length; i++) {
            byte[] t = m.clone();
            t[i] ^= (byte) (1 << (i % 8));
            assertThatThrownBy(() -> alice.decryptFrom(bob, t)).as("byte %d", i).isInstanceOf(InvalidMessageException.class);
        }
        assertThat(alice.decryptFrom(bob, m)).isEqualTo("intact");
    }

    @Test
    void everyByteFlipInAPreKeyMessageIsRejectedWithACheckedExceptionAndDoesNotDisturbTheSession() throws Exception {
        alice.startSessionWith(bob);
        bob.decryptFrom(alice, alice.encryptTo(bob, "start"));
        byte[] m = alice.encryptTo(bob, "intact");
        int before = bob.store.preKeys().count();
        for (int i = 0; i < m.length; i++) {
            byte[] t = m.clone();
            t[i] ^= (byte) 0xff;
            assertThatThrownBy(() -> bob.decryptFrom(alice, t)).as("byte %d", i).isInstanceOf(dev.parley.crypto.CryptoException.class);
        }
        assertThat(bob.store.preKeys().count()).isEqualTo(before);
        assertThat(bob.decryptFrom(alice, m)).isEqualTo("intact");
    }

    @Test
    void truncatedOrExtendedMessagesAreRejected() throws Exception {
        alice.startSessionWith(bob);
        bob.decryptFrom(alice, alice.encryptTo(bob, "start"));
        byte[] m = bob.encryptTo(alice, "whole");
        for (int len = 0; len < m.length; len++) {
            byte[] cut = java.util.Arrays.copyOf(m, len);
            assertThatThrownBy(() -> alice.decryptFrom(bob, cut)).isInstanceOf(InvalidMessageException.class);
        }
        for (int extra = 1; extra <= 16; extra++) {
            byte[] longer = java.util.Arrays.copyOf(m, m.length + extra);
            assertThatThrownBy(() -> alice.decryptFrom(bob, longer)).isInstanceOf(InvalidMessageException.class);
        }
        assertThat(alice.decryptFrom(bob, m)).isEqualTo("whole");
    }

    @Test
    void aChangedIdentityKeyIsUntrustedUntilTheApplicationAcceptsIt() throws Exception {
        alice.startSessionWith(bob);
        bob.decryptFrom(alice, alice.encryptTo(bob, "hello"));
        alice.decryptFrom(bob, bob.encryptTo(alice, "hi"));
        byte[] inFlightFromOldKey = alice.encryptTo(bob, "sent before the reinstall");

        Party newAlice = new Party("alice", 11);
        newAlice.startSessionWith(bob);
        byte[] fromNewKey = newAlice.encryptTo(bob, "I reinstalled");
        UntrustedIdentityException e = org.junit.jupiter.api.Assertions.assertThrows(UntrustedIdentityException.class,
                () -> bob.decryptFrom(alice, fromNewKey));
        assertThat(e.user()).isEqualTo("alice");
        assertThat(e.untrustedKey()).isEqualTo(newAlice.store.identities().localIdentity().publicKey());

        assertThat(bob.store.identities().saveIdentity("alice", e.untrustedKey())).isTrue();
        assertThat(bob.decryptFrom(alice, fromNewKey)).isEqualTo("I reinstalled");
        assertThat(newAlice.decryptFrom(bob, bob.encryptTo(alice, "welcome back"))).isEqualTo("welcome back");

        assertThatThrownBy(() -> bob.decryptFrom(alice, inFlightFromOldKey)).isInstanceOf(InvalidMessageException.class);
        assertThat(bob.store.identities().identity("alice")).contains(e.untrustedKey());
    }

    @Test
    void buildingASessionFromABundleWithAChangedIdentityThrowsUntrustedIdentity() throws Exception {
        alice.startSessionWith(bob);
        Party newBob = new Party("bob", 12);
        assertThatThrownBy(() -> alice.startSessionWith(newBob)).isInstanceOf(UntrustedIdentityException.class);
        org.assertj.core.api.Assertions.assertThatCode(() -> alice.encryptTo(bob, "x")).doesNotThrowAnyException();
        alice.store.identities().saveIdentity("bob", newBob.store.identities().localIdentity().publicKey());
        assertThat(alice.cipherFor(bob).hasSession()).as("a session under the replaced key no longer counts").isFalse();
        assertThatThrownBy(() -> alice.encryptTo(bob, "old session")).isInstanceOf(NoSessionException.class);
        alice.startSessionWith(newBob);
        assertThat(newBob.decryptFrom(alice, alice.encryptTo(bob, "new session"))).isEqualTo("new session");
    }

    @Test
    void aBundleWithABadSignatureIsRejected() throws Exception {
        var good = bob.bundle();
        byte[] blob = good.signedPreKey().serialize();
        blob[10] ^= 1;
        assertThatThrownBy(() -> dev.parley.crypto.prekey.PreKeyBundle.of(good.identityKey().serialize(), blob, null, null))
                .isInstanceOf(InvalidKeyException.class);
        var forged = new dev.parley.crypto.prekey.PreKeyBundle(carol.bundle().identityKey(), good.signedPreKey(), good.oneTimePreKey());
        assertThatThrownBy(() -> new SessionBuilder(alice.store, "bob").process(forged)).isInstanceOf(InvalidKeyException.class);
    }

    @Test
    void encryptingWithoutASessionThrowsNoSession() {
        assertThatThrownBy(() -> alice.encryptTo(bob, "x")).isInstanceOf(NoSessionException.class);
        assertThat(alice.cipherFor(bob).hasSession()).isFalse();
    }

    @Test
    void aNormalMessageWithoutASessionThrowsNoSession() throws Exception {
        alice.startSessionWith(bob);
        bob.decryptFrom(alice, alice.encryptTo(bob, "start"));
        byte[] normal = bob.encryptTo(alice, "reply");
        assertThatThrownBy(() -> carol.decryptFrom(bob, normal)).isInstanceOf(NoSessionException.class);
    }

    @Test
    void aPreKeyMessageForAnUnknownOrUsedPreKeyThrowsInvalidKey() throws Exception {
        alice.startSessionWith(bob);
        byte[] m = alice.encryptTo(bob, "hi");
        bob.store.preKeys().remove(100);
        assertThatThrownBy(() -> bob.decryptFrom(alice, m)).isInstanceOf(InvalidKeyException.class)
                .hasMessageContaining("one-time prekey");
        bob.store.signedPreKeys().remove(1);
        assertThatThrownBy(() -> bob.decryptFrom(alice, m)).isInstanceOf(InvalidKeyException.class)
                .hasMessageContaining("signed prekey");
    }

    @Test
    void bothSidesStartingAtOnceStillConverge() throws Exception {
        alice.startSessionWith(bob);
        bob.startSessionWith(alice);
        byte[] a1 = alice.encryptTo(bob, "from alice");
        byte[] b1 = bob.encryptTo(alice, "from bob");
        assertThat(bob.decryptFrom(alice, a1)).isEqualTo("from alice");
        assertThat(alice.decryptFrom(bob, b1)).isEqualTo("from bob");
        for (int i = 0; i < 3; i++) {
            assertThat(bob.decryptFrom(alice, alice.encryptTo(bob, "a" + i))).isEqualTo("a" + i);
            assertThat(alice.decryptFrom(bob, bob.encryptTo(alice, "b" + i))).isEqualTo("b" + i);
        }
    }

    @Test
    void aSessionSurvivesADiskRoundTripOfItsRecord() throws Exception {
        alice.startSessionWith(bob);
        bob.decryptFrom(alice, alice.encryptTo(bob, "start"));
        byte[] late = bob.encryptTo(alice, "late");
        alice.decryptFrom(bob, bob.encryptTo(alice, "on time"));
        byte[] saved = alice.store.sessions().load("bob").orElseThrow().serialize();
        alice.store.sessions().store("bob", SessionRecord.deserialize(saved));
        assertThat(SessionRecord.deserialize(saved).serialize()).isEqualTo(saved);
        assertThat(alice.decryptFrom(bob, late)).isEqualTo("late");
        assertThat(bob.decryptFrom(alice, alice.encryptTo(bob, "after reload"))).isEqualTo("after reload");
    }

    @Test
    void aThirdPartyCannotReadAPairwiseMessage() throws Exception {
        alice.startSessionWith(bob);
        carol.startSessionWith(alice);
        byte[] toBob = alice.encryptTo(bob, "for bob only");
        assertThatThrownBy(() -> carol.decryptFrom(alice, toBob)).isInstanceOf(dev.parley.crypto.CryptoException.class);
    }

    @Test
    void identityKeyPairToStringNeverPrintsSecrets() {
        IdentityKeyPair pair = IdentityKeyPair.generate(TestRandom.seeded(5));
        String hex = java.util.HexFormat.of().formatHex(pair.serializeForLocalStorage());
        assertThat(pair.toString()).contains("redacted").doesNotContain(hex.substring(2, 18)).doesNotContain(hex.substring(66, 82));
    }
}
