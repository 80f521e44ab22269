package dev.parley.crypto.fuzz;

import dev.parley.crypto.file.EncryptedFileInfo;
import dev.parley.crypto.file.FileEncryptor;
import dev.parley.crypto.file.FileKey;
import dev.parley.crypto.group.GroupCipher;
import dev.parley.crypto.group.GroupSessionBuilder;
import dev.parley.crypto.group.SenderKeyRecord;
import dev.parley.crypto.identity.IdentityKey;
import dev.parley.crypto.identity.IdentityKeyPair;
import dev.parley.crypto.prekey.PreKeyRecord;
import dev.parley.crypto.prekey.SignedPreKeyRecord;
import dev.parley.crypto.session.SessionRecord;
import dev.parley.crypto.store.InMemoryProtocolStore;
import dev.parley.crypto.store.InMemorySenderKeyStore;
import dev.parley.crypto.testing.Party;
import dev.parley.crypto.testing.TestRandom;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Valid ciphertexts and records from one deterministic conversation, and the state each receiver had
 * before it read them, kept as serialized bytes so every fuzz run starts from the same fresh state
 * (a decrypt that succeeds changes the receiver's state; the next run must not see that).
 */
final class Samples {
    static final String FIRST = "first, a prekey message";
    static final String SECOND = "second, still a prekey message";
    static final String REPLY = "reply from bob";
    static final String GROUP_TEXT = "hello group";
    static final byte[] FILE_PLAINTEXT = new byte[70_000];

    static final Samples INSTANCE = create();

    final IdentityKeyPair aliceIdentity;
    final IdentityKeyPair bobIdentity;
    final byte[] bobSignedPreKey;
    final List<byte[]> bobPreKeys;
    final byte[] bobSessionWithAlice;
    final byte[] aliceSessionWithBob;
    final byte[] aliceIdentityPublic;
    final byte[] bobIdentityPublic;
    final byte[] firstPreKeyMessage;
    final byte[] secondPreKeyMessage;
    final byte[] replyMessage;
    final byte[] distribution;
    final byte[] memberSenderKeys;
    final byte[] groupMessage;
    final FileKey fileKey;
    final byte[] fileCiphertext;
    final EncryptedFileInfo fileInfo;

    private Samples(Builder b) {
        aliceIdentity = b.alice.store.identities().localIdentity();
        bobIdentity = b.bob.store.identities().localIdentity();
        bobSignedPreKey = b.bobSignedPreKey;
        bobPreKeys = b.bobPreKeys;
        bobSessionWithAlice = b.bobSession;
        aliceSessionWithBob = b.aliceSession;
        aliceIdentityPublic = aliceIdentity.publicKey().serialize();
        bobIdentityPublic = bobIdentity.publicKey().serialize();
        firstPreKeyMessage = b.first;
        secondPreKeyMessage = b.second;
        replyMessage = b.reply;
        distribution = b.distribution;
        memberSenderKeys = b.memberSenderKeys;
        groupMessage = b.groupMessage;
        fileKey = b.fileKey;
        fileCiphertext = b.fileCiphertext;
        fileInfo = b.fileInfo;
    }

    private static final class Builder {
        Party alice;
        Party bob;
        byte[] bobSignedPreKey;
        List<byte[]> bobPreKeys = new ArrayList<>();
        byte[] bobSession;
        byte[] aliceSession;
        byte[] first;
        byte[] second;
        byte[] reply;
        byte[] distribution;
        byte[] memberSenderKeys;
        byte[] groupMessage;
        FileKey fileKey;
        byte[] fileCiphertext;
        EncryptedFileInfo fileInfo;
    }

    private static Samples create() {
        try {
            Builder b = new Builder();
            b.alice = new Party("alice", 11);
            b.bob = new Party("bob", 12);
            b.bobSignedPreKey = b.bob.store.signedPreKeys().load(1).orElseThrow().serialize();
            for (int id = 100; id < 105; id++) {
                b.bobPreKeys.add(b.bob.store.preKeys().load(id).orElseThrow().serialize());
            }
            b.alice.startSessionWith(b.bob);
            b.first = b.alice.encryptTo(b.bob, FIRST);
            b.second = b.alice.encryptTo(b.bob, SECOND);
            b.bob.decryptFrom(b.alice, b.first);
            b.bobSession = b.bob.store.sessions().load("alice").orElseThrow().serialize();
            b.reply = b.bob.encryptTo(b.alice, REPLY);
            b.aliceSession = b.alice.store.sessions().load("bob").orElseThrow().serialize();

            InMemorySenderKeyStore aliceGroups = new InMemorySenderKeyStore();
            b.distribution = new GroupSessionBuilder(aliceGroups, TestRandom.seeded(13),
                    java.time.Clock.fixed(java.time.Instant.parse("2026-01-01T00:00:00Z"), java.time.ZoneOffset.UTC)).create("g", "alice");
            InMemorySenderKeyStore member = new InMemorySenderKeyStore();
            new GroupSessionBuilder(member).process("g", "alice", b.distribution);
            b.memberSenderKeys = member.load("g", "alice").orElseThrow().serialize();
            b.groupMessage = new GroupCipher(aliceGroups, "g", "alice").encrypt(GROUP_TEXT.getBytes(StandardCharsets.UTF_8));

            b.fileKey = FileKey.generate(TestRandom.seeded(15));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            b.fileInfo = new FileEncryptor(b.fileKey).encrypt(new ByteArrayInputStream(FILE_PLAINTEXT), out);
            b.fileCiphertext = out.toByteArray();
            return new Samples(b);
        } catch (Exception e) {
            throw new IllegalStateException("could not build the fuzzing samples", e);
        }
    }

    /** Bob before Alice's first message: his keys, no session. */
    InMemoryProtocolStore bobBeforeFirstMessage() throws Exception {
        InMemoryProtocolStore store = new InMemoryProtocolStore(bobIdentity);
        store.signedPreKeys().store(SignedPreKeyRecord.deserialize(bobSignedPreKey));
        for (byte[] record : bobPreKeys) {
            store.preKeys().store(PreKeyRecord.deserialize(record));
        }
        return store;
    }

    /** Bob after he read Alice's first message (he holds the session). */
    InMemoryProtocolStore bobWithSession() throws Exception {
        InMemoryProtocolStore store = bobBeforeFirstMessage();
        store.identities().saveIdentity("alice", IdentityKey.deserialize(aliceIdentityPublic));
        store.sessions().store("alice", SessionRecord.deserialize(bobSessionWithAlice));
        return store;
    }

    /** Alice before Bob's reply arrives. */
    InMemoryProtocolStore aliceWithSession() throws Exception {
        InMemoryProtocolStore store = new InMemoryProtocolStore(aliceIdentity);
        store.identities().saveIdentity("bob", IdentityKey.deserialize(bobIdentityPublic));
        store.sessions().store("bob", SessionRecord.deserialize(aliceSessionWithBob));
        return store;
    }

    /** A group member holding Alice's sender key, before her message. */
    InMemorySenderKeyStore memberOfGroup() throws Exception {
        InMemorySenderKeyStore store = new InMemorySenderKeyStore();
        store.store("g", "alice", SenderKeyRecord.deserialize(memberSenderKeys));
        return store;
    }
}
