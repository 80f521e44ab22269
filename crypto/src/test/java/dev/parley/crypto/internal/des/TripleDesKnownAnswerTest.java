package dev.parley.crypto.internal.des;

import static dev.parley.crypto.testing.Hex.bytes;
import static dev.parley.crypto.testing.Hex.hex;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.crypto.testing.Vectors;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TripleDesKnownAnswerTest {
    static List<Map<String, String>> mmt3() {
        return Vectors.load("/vectors/TCBCMMT3.rsp");
    }

    static List<Function<byte[], TripleDesCbc>> engines() {
        return List.of(FastTripleDes::new, JdkTripleDes::new);
    }

    @ParameterizedTest
    @MethodSource("mmt3")
    void everyNistThreeKeyCbcVectorHoldsForBothEngines(Map<String, String> v) {
        byte[] key = bytes(v.get("KEY1") + v.get("KEY2") + v.get("KEY3"));
        byte[] iv = bytes(v.get("IV"));
        byte[] pt = bytes(v.get("PLAINTEXT"));
        byte[] ct = bytes(v.get("CIPHERTEXT"));
        for (var engine : engines()) {
            TripleDesCbc des = engine.apply(key);
            byte[] out = new byte[pt.length];
            if (v.get("SECTION").equals("ENCRYPT")) {
                des.encrypt(iv, pt, 0, pt.length, out, 0);
                assertThat(hex(out)).as(des + " encrypt " + v.get("COUNT")).isEqualTo(hex(ct));
            } else {
                des.decrypt(iv, ct, 0, ct.length, out, 0);
                assertThat(hex(out)).as(des + " decrypt " + v.get("COUNT")).isEqualTo(hex(pt));
            }
        }
    }
}
