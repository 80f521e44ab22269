package dev.parley.client.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.client.keys.KeyMaintenance;
import dev.parley.crypto.DuplicateMessageException;
import dev.parley.crypto.group.GroupCipher;
import dev.parley.crypto.group.GroupSessionBuilder;
import dev.parley.crypto.identity.IdentityKeyPair;
import dev.parley.crypto.prekey.PreKeyBundle;
import dev.parley.crypto.session.SessionBuilder;
import dev.parley.crypto.session.SessionCipher;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The crypto module's ports on real SQLite: whole conversations survive closing and reopening the files. */
class SqliteProtocolStoreTest {

    @TempDir
    Path dir;

    private final List<String> replaced = new ArrayList<>();

    private Party open(String name) {
        ClientDatabase db = ClientDatabase.open(dir.resolve(name).resolve("client.db"));
        return new Party(db, new SqliteProtocolStore(db, Clock.systemUTC(), replaced::add));
    }

    private record Party(ClientDatabase db, SqliteProtocolStore store) implements AutoCloseable {
        @Override
        public void close() {
            db.close();
        }
    }

    @Test
    void aPairwiseConversationSurvivesReopeningBothStores() throws Exception {
        KeyMaintenance.SignUpKeys bobKeys = KeyMaintenance.generate(Clock.systemUTC());
        try (Party alice = open("alice"); Party bob = open("bob")) {
            alice.store().identities().storeLocalIdentity(IdentityKeyPair.generate());
            bobKeys.persist(bob.store(), new AccountMeta(bob.db()));
            assertThat(bob.store().preKeys().count()).isEqualTo(KeyMaintenance.BATCH);
            var otpk = bobKeys.oneTimePreKeys().getFirst();
            new SessionBuilder(alice.store(), "bob").process(PreKeyBundle.of(
                    bobKeys.identity().publicKey().serialize(), bobKeys.signedPreKey().publicBlob(),
                    otpk.id(), otpk.publicKey()));
        }
        byte[] first;
        try (Party alice = open("alice")) {
            first = new SessionCipher(alice.store(), "bob").encrypt(utf8("hello bob"));
        }
        try (Party bob = open("bob")) {
            assertThat(text(new SessionCipher(bob.store(), "alice").decrypt(first))).isEqualTo("hello bob");
            assertThat(bob.store().preKeys().count()).as("the one-time prekey is used up").isEqualTo(KeyMaintenance.BATCH - 1);
            assertThatThrownBy(() -> new SessionCipher(bob.store(), "alice").decrypt(first))
                    .isInstanceOf(DuplicateMessageException.class);
        }
        byte[] reply;
        try (Party bob = open("bob")) {
            reply = new SessionCipher(bob.store(), "alice").encrypt(utf8("hi alice"));
        }
        try (Party alice = open("alice")) {
            assertThat(text(new SessionCipher(alice.store(), "bob").decrypt(reply))).isEqualTo("hi alice");
            assertThat(alice.store().identities().identity("BOB")).contains(bobKeys.identity().publicKey());
        }
        assertThat(replaced).isEmpty();
    }

    @Test
    void aChangedIdentityKeyIsReportedWhenSaved() {
        try (Party alice = open("alice")) {
            var identities = alice.store().identities();
            var first = IdentityKeyPair.generate().publicKey();
            var second = IdentityKeyPair.generate().publicKey();
            assertThat(identities.isTrusted("bob", first)).isTrue();
            assertThat(identities.saveIdentity("bob", first)).isFalse();
            assertThat(identities.isTrusted("bob", second)).isFalse();
            assertThat(identities.saveIdentity("bob", second)).isTrue();
            assertThat(replaced).containsExactly("bob");
            assertThat(identities.identity("bob")).contains(second);
        }
    }

    @Test
    void senderKeysSurviveReopeningAndAreForgottenPerGroup() throws Exception {
        byte[] distribution;
        byte[] message;
        try (Party alice = open("alice")) {
            distribution = new GroupSessionBuilder(alice.store().senderKeys()).create("friends", "alice");
        }
        try (Party alice = open("alice")) {
            message = new GroupCipher(alice.store().senderKeys(), "friends", "alice").encrypt(utf8("hi all"));
        }
        try (Party bob = open("bob")) {
            new GroupSessionBuilder(bob.store().senderKeys()).process("friends", "alice", distribution);
        }
        try (Party bob = open("bob")) {
            assertThat(text(new GroupCipher(bob.store().senderKeys(), "friends", "alice").decrypt(message)))
                    .isEqualTo("hi all");
            bob.store().forgetGroupKeys("FRIENDS");
            assertThat(bob.store().senderKeys().load("friends", "alice")).isEmpty();
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
