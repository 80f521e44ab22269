package dev.parley.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.crypto.aead.TripleDesHmacAead;
import dev.parley.crypto.file.FileDecryptor;
import dev.parley.crypto.file.FileEncryptor;
import dev.parley.crypto.file.FileKey;
import dev.parley.crypto.group.GroupCipher;
import dev.parley.crypto.group.GroupSessionBuilder;
import dev.parley.crypto.group.SenderKeyRecord;
import dev.parley.crypto.identity.IdentityKey;
import dev.parley.crypto.identity.IdentityKeyPair;
import dev.parley.crypto.prekey.PreKeyBundle;
import dev.parley.crypto.prekey.PreKeyRecord;
import dev.parley.crypto.prekey.SignedPreKeyRecord;
import dev.parley.crypto.session.SessionRecord;
import dev.parley.crypto.store.InMemorySenderKeyStore;
import dev.parley.crypto.testing.Party;
import dev.parley.crypto.testing.TestRandom;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random bytes, and valid messages with random damage, into every parser and decrypt method: the
 * only possible outcomes are the module's checked exceptions (or, for undamaged structure, success),
 * never a RuntimeException.
 */
class HostileBytesPropertyTest {
    private static Party alice;
    private static Party bob;
    private static byte[] preKeyMessage;
    private static byte[] normalMessage;
    private static InMemorySenderKeyStore groupStore;
    private static byte[] distribution;
    private static byte[] groupMessage;
    private static byte[] sessionRecord;
    private static byte[] senderKeyRecord;
    private static byte[] fileCiphertext;
    private static final FileKey FILE_KEY = FileKey.generate(TestRandom.seeded(9));

    interface Parser {
        void parse(byte[] bytes) throws Exception;
    }

    @BeforeContainer
    static void conversation() throws Exception {
        alice = new Party("alice", 1);
        bob = new Party("bob", 2);
        alice.startSessionWith(bob);
        preKeyMessage = alice.encryptTo(bob, "first");
        bob.decryptFrom(alice, preKeyMessage);
        preKeyMessage = alice.encryptTo(bob, "second, still a prekey message");
        normalMessage = bob.encryptTo(alice, "reply");
        sessionRecord = bob.store.sessions().load("alice").orElseThrow().serialize();
        InMemorySenderKeyStore aliceGroups = new InMemorySenderKeyStore();
        distribution = new GroupSessionBuilder(aliceGroups).create("g", "alice");
        groupStore = new InMemorySenderKeyStore();
        new GroupSessionBuilder(groupStore).process("g", "alice", distribution);
        groupMessage = new GroupCipher(aliceGroups, "g", "alice").encrypt("group hello".getBytes());
        senderKeyRecord = groupStore.load("g", "alice").orElseThrow().serialize();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new FileEncryptor(FILE_KEY).encrypt(new ByteArrayInputStream(new byte[300]), out);
        fileCiphertext = out.toByteArray();
    }

    private static List<Parser> parsers() throws Exception {
        TripleDesHmacAead aead = TripleDesHmacAead.fromKey(new byte[32]);
        byte[] identity = alice.store.identities().localIdentity().publicKey().serialize();
        return List.of(
                b -> bob.cipherFor(alice).decrypt(b),
                b -> alice.cipherFor(bob).decrypt(b),
                b -> new GroupCipher(groupStore, "g", "alice").decrypt(b),
                b -> new GroupSessionBuilder(new InMemorySenderKeyStore()).process("g", "alice", b),
                SessionRecord::deserialize,
                SenderKeyRecord::deserialize,
                IdentityKey::deserialize,
                IdentityKeyPair::deserializeFromLocalStorage,
                PreKeyRecord::deserialize,
                SignedPreKeyRecord::deserialize,
                b -> PreKeyBundle.of(identity, b, null, null),
                b -> PreKeyBundle.of(b, b, 1, b),
                FileKey::deserialize,
                b -> aead.decrypt(b, new byte[0]),
                b -> new FileDecryptor(FILE_KEY).decryptChunk(0, b, 0, b.length, true),
                b -> new FileDecryptor(FILE_KEY).decrypt(new ByteArrayInputStream(b), new ByteArrayOutputStream(), null));
    }

    private static void onlyCheckedExceptions(Parser p, byte[] bytes) {
        try {
            p.parse(bytes);
        } catch (CryptoException expected) {
            // the only acceptable failure
        } catch (Exception e) {
            throw new AssertionError("parser threw " + e, e);
        }
    }

    @Provide
    Arbitrary<byte[]> noise() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(400);
    }

    @Property(tries = 200)
    void randomBytesOnlyEverCauseCheckedExceptions(@ForAll("noise") byte[] bytes) throws Exception {
        for (Parser p : parsers()) onlyCheckedExceptions(p, bytes);
    }

    /** Valid input with 1 to 4 bytes changed, a cut, or an extension. */
    private static byte[] damage(byte[] valid, long seed) {
        Random r = new Random(seed);
        byte[] b = valid.clone();
        switch (r.nextInt(3)) {
            case 0 -> {
                for (int i = r.nextInt(4); i >= 0; i--) b[r.nextInt(b.length)] ^= (byte) (1 + r.nextInt(255));
            }
            case 1 -> b = java.util.Arrays.copyOf(b, r.nextInt(b.length));
            default -> b = java.util.Arrays.copyOf(b, b.length + 1 + r.nextInt(40));
        }
        return b;
    }

    @Property(tries = 150)
    void damagedValidInputsOnlyEverCauseCheckedExceptions(@ForAll long seed) throws Exception {
        List<byte[]> valid = List.of(preKeyMessage, normalMessage, groupMessage, distribution, sessionRecord,
                senderKeyRecord, fileCiphertext, alice.store.identities().localIdentity().publicKey().serialize());
        for (byte[] v : valid) {
            byte[] damaged = damage(v, seed);
            for (Parser p : parsers()) onlyCheckedExceptions(p, damaged);
        }
    }

    @Property(tries = 50)
    void aDamagedMessageNeverDecryptsToADifferentPlaintext(@ForAll long seed) throws Exception {
        byte[] damaged = damage(normalMessage, seed);
        try {
            assertThat(new String(alice.cipherFor(bob).decrypt(damaged))).isEqualTo("reply");
        } catch (CryptoException expected) {
            // rejected: fine
        }
    }
}
