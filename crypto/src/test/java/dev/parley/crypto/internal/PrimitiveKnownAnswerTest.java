package dev.parley.crypto.internal;

import static dev.parley.crypto.testing.Hex.bytes;
import static dev.parley.crypto.testing.Hex.hex;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.crypto.testing.Vectors;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The JDK primitives as this module calls them, against the RFC vectors kept under test resources. */
class PrimitiveKnownAnswerTest {
    static List<Map<String, String>> hmac() {
        return Vectors.load("/vectors/rfc4231-hmac-sha256.txt");
    }

    static List<Map<String, String>> hkdf() {
        return Vectors.load("/vectors/rfc5869-hkdf-sha256.txt");
    }

    static List<Map<String, String>> ed25519() {
        return Vectors.load("/vectors/rfc8032-ed25519.txt");
    }

    static List<Map<String, String>> x25519(String section) {
        return Vectors.load("/vectors/rfc7748-x25519.txt").stream().filter(v -> v.get("SECTION").equals(section)).toList();
    }

    static List<Map<String, String>> x25519ScalarMult() {
        return x25519("SCALARMULT");
    }

    @ParameterizedTest
    @MethodSource("hmac")
    void hmacSha256MatchesRfc4231(Map<String, String> v) {
        byte[] tag = Hmac.mac(bytes(v.get("KEY")), bytes(v.get("DATA")));
        String expected = v.get("MAC");
        assertThat(hex(tag)).startsWith(expected).hasSize(64);
    }

    @ParameterizedTest
    @MethodSource("hkdf")
    void hkdfSha256MatchesRfc5869(Map<String, String> v) {
        byte[] okm = Hkdf.derive(bytes(v.get("SALT")), bytes(v.get("IKM")), bytes(v.get("INFO")), Integer.parseInt(v.get("L")));
        assertThat(hex(okm)).isEqualTo(v.get("OKM"));
    }

    @ParameterizedTest
    @MethodSource("x25519ScalarMult")
    void x25519MatchesRfc7748SingleShotVectors(Map<String, String> v) throws Exception {
        assertThat(hex(X25519.scalarMult(bytes(v.get("SCALAR")), bytes(v.get("U"))))).isEqualTo(v.get("OUTPUT"));
    }

    @Test
    void x25519MatchesRfc7748IteratedVectorAfterOneAndOneThousandIterations() throws Exception {
        Map<Integer, String> expected = new java.util.HashMap<>();
        for (var v : x25519("ITERATED")) expected.put(Integer.parseInt(v.get("ITERATIONS")), v.get("OUTPUT"));
        byte[] k = new byte[32];
        k[0] = 9;
        byte[] u = k.clone();
        for (int i = 1; i <= 1000; i++) {
            byte[] next = X25519.scalarMult(k, u);
            u = k;
            k = next;
            if (expected.containsKey(i)) assertThat(hex(k)).as("after %d iterations", i).isEqualTo(expected.get(i));
        }
        assertThat(expected).containsKeys(1, 1000);
    }

    @Test
    void x25519DiffieHellmanMatchesRfc7748Section6() throws Exception {
        var v = x25519("DH").getFirst();
        assertThat(hex(X25519.publicFromPrivate(bytes(v.get("ALICE_PRIVATE"))))).isEqualTo(v.get("ALICE_PUBLIC"));
        assertThat(hex(X25519.publicFromPrivate(bytes(v.get("BOB_PRIVATE"))))).isEqualTo(v.get("BOB_PUBLIC"));
        assertThat(hex(X25519.agree(bytes(v.get("ALICE_PRIVATE")), bytes(v.get("BOB_PUBLIC"))))).isEqualTo(v.get("SHARED"));
        assertThat(hex(X25519.agree(bytes(v.get("BOB_PRIVATE")), bytes(v.get("ALICE_PUBLIC"))))).isEqualTo(v.get("SHARED"));
    }

    @Test
    void x25519RejectsSmallOrderPublicKeys() {
        byte[] priv = new byte[32];
        Arrays.fill(priv, (byte) 7);
        for (byte[] small : List.of(new byte[32], one())) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> X25519.agree(priv, small))
                    .isInstanceOf(dev.parley.crypto.InvalidKeyException.class);
        }
    }

    private static byte[] one() {
        byte[] b = new byte[32];
        b[0] = 1;
        return b;
    }

    @ParameterizedTest
    @MethodSource("ed25519")
    void ed25519MatchesRfc8032(Map<String, String> v) {
        byte[] seed = bytes(v.get("SECRET"));
        byte[] message = bytes(v.get("MESSAGE"));
        assertThat(hex(Ed25519.publicFromSeed(seed))).isEqualTo(v.get("PUBLIC"));
        assertThat(hex(Ed25519.sign(seed, message))).isEqualTo(v.get("SIGNATURE"));
        assertThat(Ed25519.verify(bytes(v.get("PUBLIC")), message, bytes(v.get("SIGNATURE")))).isTrue();
        assertThat(Ed25519.isValidPublicKey(bytes(v.get("PUBLIC")))).isTrue();
        byte[] wrong = bytes(v.get("SIGNATURE"));
        wrong[5] ^= 1;
        assertThat(Ed25519.verify(bytes(v.get("PUBLIC")), message, wrong)).isFalse();
    }

    @Test
    void ed25519RejectsEncodingsThatAreNotPointsOnTheCurve() {
        byte[] notOnCurve = bytes("0200000000000000000000000000000000000000000000000000000000000000");
        byte[] yTooLarge = bytes("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
        assertThat(Ed25519.isValidPublicKey(notOnCurve)).isFalse();
        assertThat(Ed25519.isValidPublicKey(yTooLarge)).isFalse();
        assertThat(Ed25519.verify(notOnCurve, new byte[0], new byte[64])).isFalse();
    }
}
