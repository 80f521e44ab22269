package dev.parley.crypto.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.parley.crypto.CryptoException;
import dev.parley.crypto.file.FileKey;
import dev.parley.crypto.group.GroupCipher;
import dev.parley.crypto.group.SenderKeyRecord;
import dev.parley.crypto.identity.IdentityKey;
import dev.parley.crypto.identity.IdentityKeyPair;
import dev.parley.crypto.prekey.PreKeyBundle;
import dev.parley.crypto.prekey.PreKeyRecord;
import dev.parley.crypto.prekey.SignedPreKeyRecord;
import dev.parley.crypto.session.SessionCipher;
import dev.parley.crypto.session.SessionRecord;
import dev.parley.crypto.store.InMemoryProtocolStore;
import dev.parley.crypto.store.InMemorySenderKeyStore;
import java.util.Arrays;

/**
 * Coverage-guided fuzzing of every deserializer of stored and published key material: session and
 * sender-key records (what the client keeps on disk), prekey and signed-prekey records, identity keys
 * (public, and the local private form), file keys, and prekey bundles as the server hands them out.
 * A record that parses must also serialize back to bytes that parse to the same record, and using a
 * parsed session or sender-key record to decrypt must fail only with a checked exception.
 *
 * <p>Longer run: {@code JAZZER_FUZZ=1 ./parley mvn -B -o -pl crypto surefire:test@fuzz-records -Djazzer.max_duration=30m}.
 */
class StoredRecordParsersFuzzTest {
    private static final Samples S = Samples.INSTANCE;

    @FuzzTest(maxDuration = "10s")
    void anyStoredBytesEitherParseAndRoundTripOrFailChecked(FuzzedDataProvider data) throws Exception {
        int target = data.consumeInt(0, 8);
        try {
            switch (target) {
                case 0 -> {
                    SessionRecord record = SessionRecord.deserialize(CiphertextParsersFuzzTest.input(data, S.bobSessionWithAlice));
                    roundTrips(record.serialize(), b -> SessionRecord.deserialize(b).serialize());
                    InMemoryProtocolStore store = S.bobBeforeFirstMessage();
                    store.identities().saveIdentity("alice", IdentityKey.deserialize(S.aliceIdentityPublic));
                    store.sessions().store("alice", record);
                    try {
                        new SessionCipher(store, "alice").decrypt(S.secondPreKeyMessage);
                    } catch (CryptoException expected) {
                        // a damaged session may well not open it
                    }
                }
                case 1 -> {
                    SenderKeyRecord record = SenderKeyRecord.deserialize(CiphertextParsersFuzzTest.input(data, S.memberSenderKeys));
                    roundTrips(record.serialize(), b -> SenderKeyRecord.deserialize(b).serialize());
                    InMemorySenderKeyStore store = new InMemorySenderKeyStore();
                    store.store("g", "alice", record);
                    try {
                        new GroupCipher(store, "g", "alice").decrypt(S.groupMessage);
                    } catch (CryptoException expected) {
                        // fine
                    }
                }
                case 2 -> {
                    PreKeyRecord record = PreKeyRecord.deserialize(CiphertextParsersFuzzTest.input(data, S.bobPreKeys.getFirst()));
                    roundTrips(record.serialize(), b -> PreKeyRecord.deserialize(b).serialize());
                }
                case 3 -> {
                    SignedPreKeyRecord record = SignedPreKeyRecord.deserialize(CiphertextParsersFuzzTest.input(data, S.bobSignedPreKey));
                    roundTrips(record.serialize(), b -> SignedPreKeyRecord.deserialize(b).serialize());
                }
                case 4 -> {
                    IdentityKey key = IdentityKey.deserialize(CiphertextParsersFuzzTest.input(data, S.aliceIdentityPublic));
                    roundTrips(key.serialize(), b -> IdentityKey.deserialize(b).serialize());
                }
                case 5 -> {
                    IdentityKeyPair pair = IdentityKeyPair.deserializeFromLocalStorage(
                            CiphertextParsersFuzzTest.input(data, S.aliceIdentity.serializeForLocalStorage()));
                    roundTrips(pair.serializeForLocalStorage(), b -> IdentityKeyPair.deserializeFromLocalStorage(b).serializeForLocalStorage());
                }
                case 6 -> {
                    FileKey key = FileKey.deserialize(CiphertextParsersFuzzTest.input(data, S.fileKey.serialize()));
                    roundTrips(key.serialize(), b -> FileKey.deserialize(b).serialize());
                }
                default -> {
                    byte[] identity = CiphertextParsersFuzzTest.input(data, S.bobIdentityPublic);
                    byte[] signed = CiphertextParsersFuzzTest.input(data, SignedPreKeyRecord.deserialize(S.bobSignedPreKey).publicBlob());
                    boolean withOneTime = data.consumeBoolean();
                    PreKeyBundle.of(identity, signed, withOneTime ? data.consumeInt() : null,
                            withOneTime ? data.consumeBytes(40) : null);
                }
            }
        } catch (CryptoException expected) {
            // the only acceptable failure
        }
    }

    interface Reserialize {
        byte[] apply(byte[] bytes) throws Exception;
    }

    private static void roundTrips(byte[] serialized, Reserialize again) throws Exception {
        byte[] second = again.apply(serialized);
        if (!Arrays.equals(serialized, second)) {
            throw new AssertionError("a parsed record did not serialize to the same bytes twice");
        }
    }
}
