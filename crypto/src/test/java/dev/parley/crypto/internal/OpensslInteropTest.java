package dev.parley.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.crypto.internal.ratchet.RatchetKdf;
import dev.parley.crypto.testing.Openssl;
import dev.parley.crypto.testing.TestRandom;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An independent implementation: {@code openssl enc -des-ede3-cbc} with our derived key and IV
 * decrypts the ciphertext body we produce, and produces a body we decrypt (after adding our tag).
 * Fails rather than skips in CI when openssl is missing.
 */
class OpensslInteropTest {
    private static final byte[] HEADER = {1, 1};
    private static final byte[] AD = Bytes.utf8("alice ‖ bob");

    @BeforeAll
    static void opensslIsAvailable() {
        Openssl.require();
    }

    private static List<String> enc(boolean decrypt, CipherKeys keys) {
        return List.of("enc", decrypt ? "-d" : "-e", "-des-ede3-cbc", "-K", Bytes.hex(keys.encKey()), "-iv", Bytes.hex(keys.iv()));
    }

    @Test
    void opensslDecryptsTheBodyOfOurMessagesForManyLengths() throws Exception {
        SecureRandom random = TestRandom.seeded(3);
        for (int n : new int[] {0, 1, 7, 8, 9, 100, 1000}) {
            byte[] seed = new byte[32];
            random.nextBytes(seed);
            CipherKeys keys = RatchetKdf.messageKeys(seed);
            byte[] plaintext = new byte[n];
            random.nextBytes(plaintext);
            byte[] sealed = CbcHmac.seal(keys, HEADER, AD, plaintext);
            byte[] body = Arrays.copyOf(sealed, sealed.length - CbcHmac.TAG);
            assertThat(Openssl.run(enc(true, keys), body)).as("length %d", n).isEqualTo(plaintext);
        }
    }

    @Test
    void weDecryptWhatOpensslEncryptsOnceTheTagIsAdded() throws Exception {
        SecureRandom random = TestRandom.seeded(4);
        for (int n : new int[] {0, 5, 16, 333}) {
            byte[] seed = new byte[32];
            random.nextBytes(seed);
            CipherKeys keys = RatchetKdf.messageKeys(seed);
            byte[] plaintext = new byte[n];
            random.nextBytes(plaintext);
            byte[] body = Openssl.run(enc(false, keys), plaintext);
            byte[] tag = Hmac.mac(keys.macKey(), HEADER, Bytes.int32(AD.length), AD, keys.iv(), body);
            assertThat(CbcHmac.open(keys, HEADER, AD, Bytes.concat(body, tag))).as("length %d", n).isEqualTo(plaintext);
        }
    }

    @Test
    void opensslAgreesWithTheFastEngineOnRawCbcWithoutPadding() throws Exception {
        SecureRandom random = TestRandom.seeded(5);
        byte[] key = new byte[24];
        byte[] iv = new byte[8];
        byte[] data = new byte[64 * 1024];
        random.nextBytes(key);
        random.nextBytes(iv);
        random.nextBytes(data);
        byte[] ours = new byte[data.length];
        dev.parley.crypto.internal.des.TripleDesCbc.of(key).encrypt(iv, data, 0, data.length, ours, 0);
        byte[] theirs = Openssl.run(List.of("enc", "-e", "-des-ede3-cbc", "-nopad", "-K", Bytes.hex(key), "-iv", Bytes.hex(iv)), data);
        assertThat(theirs).isEqualTo(ours);
    }
}
