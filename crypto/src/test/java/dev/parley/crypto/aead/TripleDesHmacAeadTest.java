package dev.parley.crypto.aead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.crypto.InvalidKeyException;
import dev.parley.crypto.InvalidMessageException;
import dev.parley.crypto.testing.TestRandom;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TripleDesHmacAeadTest {
    private final byte[] key = TripleDesHmacAead.generateKey(TestRandom.seeded(7));
    private final Aead aead = TripleDesHmacAead.fromKey(key, TestRandom.seeded(8));
    private final byte[] ad = "header: alice->bob".getBytes(StandardCharsets.UTF_8);

    TripleDesHmacAeadTest() throws InvalidKeyException {}

    @Test
    void decryptReturnsWhatWasEncryptedForEveryLengthAroundTheBlockSize() throws Exception {
        for (int n = 0; n <= 40; n++) {
            byte[] pt = new byte[n];
            Arrays.fill(pt, (byte) n);
            byte[] ct = aead.encrypt(pt, ad);
            assertThat(ct).hasSize(1 + 8 + (n / 8 + 1) * 8 + 32);
            assertThat(aead.decrypt(ct, ad)).isEqualTo(pt);
        }
    }

    @Test
    void theSamePlaintextEncryptsDifferentlyEachTime() {
        byte[] pt = "same".getBytes(StandardCharsets.UTF_8);
        assertThat(aead.encrypt(pt, ad)).isNotEqualTo(aead.encrypt(pt, ad));
    }

    @Test
    void flippingAnyBitOfTheCiphertextIsDetected() {
        byte[] ct = aead.encrypt("attack at dawn, bring 3DES".getBytes(StandardCharsets.UTF_8), ad);
        for (int i = 0; i < ct.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] t = ct.clone();
                t[i] ^= (byte) (1 << bit);
                assertThatThrownBy(() -> aead.decrypt(t, ad)).isInstanceOf(InvalidMessageException.class);
            }
        }
    }

    @Test
    void truncatingOrExtendingTheCiphertextIsDetected() {
        byte[] ct = aead.encrypt(new byte[20], ad);
        for (int len = 0; len < ct.length; len++) {
            byte[] cut = Arrays.copyOf(ct, len);
            assertThatThrownBy(() -> aead.decrypt(cut, ad)).isInstanceOf(InvalidMessageException.class);
        }
        for (int extra = 1; extra <= 16; extra++) {
            byte[] longer = Arrays.copyOf(ct, ct.length + extra);
            assertThatThrownBy(() -> aead.decrypt(longer, ad)).isInstanceOf(InvalidMessageException.class);
        }
    }

    @Test
    void changingTheAssociatedDataIsDetected() {
        byte[] ct = aead.encrypt(new byte[20], ad);
        assertThatThrownBy(() -> aead.decrypt(ct, new byte[0])).isInstanceOf(InvalidMessageException.class);
        assertThatThrownBy(() -> aead.decrypt(ct, Arrays.copyOf(ad, ad.length - 1))).isInstanceOf(InvalidMessageException.class);
        byte[] other = ad.clone();
        other[0] ^= 1;
        assertThatThrownBy(() -> aead.decrypt(ct, other)).isInstanceOf(InvalidMessageException.class);
    }

    @Test
    void associatedDataCannotBeShiftedIntoTheCiphertext() {
        byte[] ct = aead.encrypt(new byte[16], Arrays.copyOf(ad, 8));
        byte[] shifted = new byte[ct.length - 8];
        System.arraycopy(ct, 0, shifted, 0, 1);
        System.arraycopy(ct, 9, shifted, 1, ct.length - 9);
        assertThatThrownBy(() -> aead.decrypt(ct, new byte[0])).isInstanceOf(InvalidMessageException.class);
        assertThatThrownBy(() -> aead.decrypt(shifted, Arrays.copyOf(ad, 16))).isInstanceOf(InvalidMessageException.class);
    }

    @Test
    void anotherKeyCannotDecrypt() throws Exception {
        byte[] ct = aead.encrypt(new byte[5], ad);
        Aead other = TripleDesHmacAead.fromKey(TripleDesHmacAead.generateKey(TestRandom.seeded(9)));
        assertThatThrownBy(() -> other.decrypt(ct, ad)).isInstanceOf(InvalidMessageException.class);
    }

    @Test
    void keysOfTheWrongLengthAreRejected() {
        assertThatThrownBy(() -> TripleDesHmacAead.fromKey(new byte[24])).isInstanceOf(InvalidKeyException.class);
        assertThatThrownBy(() -> TripleDesHmacAead.fromKey(null)).isInstanceOf(InvalidKeyException.class);
    }

    @Test
    void oneKeyRefusesToEncryptMoreThanTwoToTheTwentyBlocks() throws Exception {
        Aead fresh = TripleDesHmacAead.fromKey(key);
        fresh.encrypt(new byte[(1 << 20) * 8 - 1], new byte[0]);
        assertThatThrownBy(() -> fresh.encrypt(new byte[0], new byte[0])).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("limit");
    }

    @Test
    void toStringNeverShowsTheKey() {
        assertThat(aead.toString()).contains("redacted");
    }
}
