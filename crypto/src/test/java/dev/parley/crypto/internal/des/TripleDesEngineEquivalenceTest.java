package dev.parley.crypto.internal.des;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.crypto.testing.TestRandom;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/** The fast engine against the JDK's DESede on random keys, IVs and data: one million blocks each way. */
class TripleDesEngineEquivalenceTest {
    private static final int KEYS = 1000;
    private static final int BLOCKS_PER_KEY = 1000;

    @Test
    void fastEngineEncryptsAndDecryptsExactlyLikeTheJdkOnAMillionRandomBlocks() {
        SecureRandom random = TestRandom.seeded(42);
        byte[] key = new byte[24];
        byte[] iv = new byte[8];
        byte[] data = new byte[BLOCKS_PER_KEY * 8];
        byte[] fast = new byte[data.length];
        byte[] jdk = new byte[data.length];
        for (int k = 0; k < KEYS; k++) {
            random.nextBytes(key);
            random.nextBytes(iv);
            random.nextBytes(data);
            TripleDesCbc ours = new FastTripleDes(key);
            TripleDesCbc theirs = new JdkTripleDes(key);
            ours.encrypt(iv, data, 0, data.length, fast, 0);
            theirs.encrypt(iv, data, 0, data.length, jdk, 0);
            assertThat(fast).as("encryption under key %d", k).isEqualTo(jdk);
            ours.decrypt(iv, data, 0, data.length, fast, 0);
            theirs.decrypt(iv, data, 0, data.length, jdk, 0);
            assertThat(fast).as("decryption under key %d", k).isEqualTo(jdk);
        }
    }

    @Test
    void encryptingTwoStreamsInterleavedGivesTheSameBytesAsTheJdkDoesForEach() {
        SecureRandom random = TestRandom.seeded(43);
        for (int n = 0; n <= 64; n += 8) {
            byte[] ka = new byte[24], kb = new byte[24], ivA = new byte[8], ivB = new byte[8];
            byte[] a = new byte[n], b = new byte[n];
            for (byte[] x : new byte[][] {ka, kb, ivA, ivB, a, b}) random.nextBytes(x);
            byte[] outA = new byte[n + 3], outB = new byte[n + 5], refA = new byte[n], refB = new byte[n];
            TripleDesCbc.encryptPair(new FastTripleDes(ka), ivA, a, 0, outA, 3, new FastTripleDes(kb), ivB, b, 0, outB, 5, n);
            new JdkTripleDes(ka).encrypt(ivA, a, 0, n, refA, 0);
            new JdkTripleDes(kb).encrypt(ivB, b, 0, n, refB, 0);
            assertThat(java.util.Arrays.copyOfRange(outA, 3, 3 + n)).isEqualTo(refA);
            assertThat(java.util.Arrays.copyOfRange(outB, 5, 5 + n)).isEqualTo(refB);
        }
    }

    @Test
    void weakAndDegenerateThreeKeyBundlesAreRecognised() {
        byte[] good = new byte[24];
        TestRandom.seeded(1).nextBytes(good);
        assertThat(DesKeys.isStrongThreeKey(good)).isTrue();
        byte[] k1EqualsK2 = good.clone();
        System.arraycopy(good, 0, k1EqualsK2, 8, 8);
        k1EqualsK2[8] ^= 1;
        assertThat(DesKeys.isStrongThreeKey(k1EqualsK2)).as("equal apart from a parity bit").isFalse();
        byte[] k1EqualsK3 = good.clone();
        System.arraycopy(good, 0, k1EqualsK3, 16, 8);
        assertThat(DesKeys.isStrongThreeKey(k1EqualsK3)).isFalse();
        byte[] weak = good.clone();
        System.arraycopy(dev.parley.crypto.testing.Hex.bytes("0101010101010101"), 0, weak, 8, 8);
        assertThat(DesKeys.isStrongThreeKey(weak)).isFalse();
        byte[] semiWeak = good.clone();
        System.arraycopy(dev.parley.crypto.testing.Hex.bytes("01FE01FE01FE01FE"), 0, semiWeak, 16, 8);
        assertThat(DesKeys.isStrongThreeKey(semiWeak)).isFalse();
    }
}
