package dev.parley.crypto.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.crypto.InvalidKeyException;
import dev.parley.crypto.prekey.PreKeyBundle;
import dev.parley.crypto.prekey.PreKeyRecord;
import dev.parley.crypto.prekey.PreKeys;
import dev.parley.crypto.prekey.SignedPreKeyPublic;
import dev.parley.crypto.prekey.SignedPreKeyRecord;
import dev.parley.crypto.testing.TestRandom;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeySerializationTest {
    private final IdentityKeyPair identity = IdentityKeyPair.generate(TestRandom.seeded(1));

    @Test
    void anIdentityKeyPairSurvivesLocalStorageAndKeepsItsPublicKey() throws Exception {
        IdentityKeyPair restored = IdentityKeyPair.deserializeFromLocalStorage(identity.serializeForLocalStorage());
        assertThat(restored.publicKey()).isEqualTo(identity.publicKey());
        byte[] message = {1, 2, 3};
        assertThat(identity.publicKey().verify(message, restored.sign(message))).isTrue();
    }

    @Test
    void identityKeysCompareByBytesAndRoundTrip() throws Exception {
        IdentityKey key = identity.publicKey();
        assertThat(IdentityKey.deserialize(key.serialize())).isEqualTo(key).hasSameHashCodeAs(key);
        assertThat(key.serialize()).hasSize(65).startsWith(1);
        assertThat(key.fingerprintHex()).hasSize(64).isLowerCase();
        assertThat(key).isNotEqualTo(IdentityKeyPair.generate(TestRandom.seeded(2)).publicKey());
    }

    @Test
    void malformedIdentityKeysAreRejected() {
        byte[] good = identity.publicKey().serialize();
        byte[] badVersion = good.clone();
        badVersion[0] = 2;
        byte[] notAPoint = good.clone();
        System.arraycopy(HexFormat.of().parseHex("0200000000000000000000000000000000000000000000000000000000000000"), 0, notAPoint, 33, 32);
        for (byte[] bad : List.of(new byte[0], new byte[64], badVersion, notAPoint)) {
            assertThatThrownBy(() -> IdentityKey.deserialize(bad)).isInstanceOf(InvalidKeyException.class);
        }
    }

    @Test
    void prekeyRecordsRoundTripAndTheSignedOneVerifies() throws Exception {
        PreKeyRecord otp = PreKeys.generateOneTimePreKeys(7, 3, TestRandom.seeded(3)).get(2);
        assertThat(otp.id()).isEqualTo(9);
        assertThat(PreKeyRecord.deserialize(otp.serialize()).serialize()).isEqualTo(otp.serialize());
        SignedPreKeyRecord spk = PreKeys.generateSignedPreKey(identity, 4, 1234L, TestRandom.seeded(4));
        SignedPreKeyRecord back = SignedPreKeyRecord.deserialize(spk.serialize());
        assertThat(back.id()).isEqualTo(4);
        assertThat(back.createdAtMillis()).isEqualTo(1234L);
        assertThat(SignedPreKeyPublic.parse(spk.publicBlob(), identity.publicKey()).publicKey()).isEqualTo(spk.publicKey());
        PreKeyBundle bundle = PreKeyBundle.of(identity.publicKey().serialize(), spk.publicBlob(), otp.id(), otp.publicKey());
        assertThat(bundle.oneTimePreKey()).isPresent();
        assertThat(bundle.signedPreKey().id()).isEqualTo(4);
    }

    @Test
    void aSignedPrekeyBlobSignedByAnotherIdentityIsRejected() {
        SignedPreKeyRecord spk = PreKeys.generateSignedPreKey(identity, 4, 0L, TestRandom.seeded(4));
        IdentityKey other = IdentityKeyPair.generate(TestRandom.seeded(5)).publicKey();
        assertThatThrownBy(() -> PreKeyBundle.of(other.serialize(), spk.publicBlob(), null, null)).isInstanceOf(InvalidKeyException.class);
        assertThatThrownBy(() -> PreKeyBundle.of(identity.publicKey().serialize(), spk.publicBlob(), 1, null))
                .isInstanceOf(InvalidKeyException.class);
    }

    @Test
    void aCorruptedStoredPrekeyIsRejected() {
        byte[] stored = PreKeys.generateOneTimePreKeys(1, 1, TestRandom.seeded(6)).getFirst().serialize();
        stored[40] ^= 1;
        assertThatThrownBy(() -> PreKeyRecord.deserialize(stored)).isInstanceOf(InvalidKeyException.class);
    }

    @Test
    void noKeyTypePrintsPrivateBytes() {
        String secretHex = HexFormat.of().formatHex(identity.serializeForLocalStorage()).substring(2);
        PreKeyRecord otp = PreKeys.generateOneTimePreKeys(1, 1, TestRandom.seeded(7)).getFirst();
        SignedPreKeyRecord spk = PreKeys.generateSignedPreKey(identity, 1, 0L, TestRandom.seeded(8));
        String otpSecret = HexFormat.of().formatHex(otp.serialize()).substring(10, 74);
        String spkSecret = HexFormat.of().formatHex(spk.serialize()).substring(26, 90);
        for (String s : List.of(identity.toString(), identity.publicKey().toString(), otp.toString(), spk.toString())) {
            assertThat(s).doesNotContain(secretHex.substring(0, 16)).doesNotContain(secretHex.substring(64, 80))
                    .doesNotContain(otpSecret.substring(0, 16)).doesNotContain(spkSecret.substring(0, 16));
        }
    }
}
