package dev.parley.client.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.crypto.file.FileFormat;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The two file kinds of the content format: the offer and the completion. */
class FileContentTest {
    private static final byte[] KEY = key();
    private static final byte[] DIGEST = new byte[32];

    private static byte[] key() {
        byte[] k = new byte[33];
        k[0] = 1;
        return k;
    }

    private static FileOffer offer(long size, byte[] digest, String name) {
        return new FileOffer("0123456789abcdef0123456789abcdef", KEY, digest, FileFormat.ciphertextLength(size), size, name,
                "image/jpeg", 42);
    }

    @Test
    void offersAndCompletionsSurviveARoundTrip() throws Exception {
        for (Content content : List.of(offer(0, DIGEST, "a.jpg"), offer(3L << 30, new byte[0], "../../x\u0000\n"),
                FileDone.completed("id", DIGEST), FileDone.failed("id", "the sender closed the client"))) {
            byte[] encoded = ContentCodec.encode(content);
            assertThat(encoded.length % ContentCodec.PADDING_BLOCK).isZero();
            assertThat(ContentCodec.decode(encoded)).isEqualTo(content);
        }
    }

    @Test
    void inconsistentSizesKeysOrDigestsAreRejected() {
        FileOffer wrongSize = new FileOffer("id", KEY, DIGEST, 100, 10, "a", "b/c", 1);
        assertThatThrownBy(() -> ContentCodec.decode(ContentCodec.encode(wrongSize))).isInstanceOf(InvalidContentException.class);
        FileOffer shortKey = new FileOffer("id", new byte[5], DIGEST, FileFormat.ciphertextLength(1), 1, "a", "b/c", 1);
        assertThatThrownBy(() -> ContentCodec.decode(ContentCodec.encode(shortKey))).isInstanceOf(InvalidContentException.class);
        FileOffer oddDigest = new FileOffer("id", KEY, new byte[31], FileFormat.ciphertextLength(1), 1, "a", "b/c", 1);
        assertThatThrownBy(() -> ContentCodec.decode(ContentCodec.encode(oddDigest))).isInstanceOf(InvalidContentException.class);
        FileOffer negative = new FileOffer("id", KEY, DIGEST, 41, -1, "a", "b/c", 1);
        assertThatThrownBy(() -> ContentCodec.decode(ContentCodec.encode(negative))).isInstanceOf(InvalidContentException.class);
        FileDone both = new FileDone("id", DIGEST, "and a reason");
        assertThatThrownBy(() -> ContentCodec.decode(ContentCodec.encode(both))).isInstanceOf(InvalidContentException.class);
        FileDone neither = new FileDone("id", new byte[0], "");
        assertThatThrownBy(() -> ContentCodec.decode(ContentCodec.encode(neither))).isInstanceOf(InvalidContentException.class);
    }

    @Test
    void everyTruncationOfAnOfferIsRejected() {
        byte[] encoded = ContentCodec.encode(offer(1000, DIGEST, "photo.jpg"));
        for (int cut = 0; cut < encoded.length; cut++) {
            byte[] shorter = Arrays.copyOf(encoded, cut);
            boolean onlyPadding = true;
            for (int i = cut; i < encoded.length; i++) {
                onlyPadding &= encoded[i] == 0;
            }
            if (!onlyPadding) {
                assertThatThrownBy(() -> ContentCodec.decode(shorter)).isInstanceOf(InvalidContentException.class);
            }
        }
    }

    @Test
    void theKeyNeverAppearsInToString() {
        assertThat(offer(1, DIGEST, "a").toString()).contains("redacted").doesNotContain("[1, 0");
    }
}
