package dev.parley.client.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class ContentCodecTest {

    private static final List<Content> SAMPLES = List.of(
            new Text("hello", 1_700_000_000_000L),
            new Text("", 0),
            new Text("ünïcødé ✓ 🙂 and a long line ".repeat(50), Long.MAX_VALUE),
            new SenderKeyDistribution("friends", new byte[] {1, 2, 3}),
            new SenderKeyDistribution("g", new byte[0]));

    @Test
    void everySampleSurvivesARoundTrip() throws Exception {
        for (Content content : SAMPLES) {
            assertThat(ContentCodec.decode(ContentCodec.encode(content))).isEqualTo(content);
        }
    }

    @Test
    void encodingsArePaddedToWholeBlocksSoShortTextsLookAlike() {
        assertThat(ContentCodec.encode(new Text("hi", 1))).hasSize(64);
        assertThat(ContentCodec.encode(new Text("a somewhat longer message", 1))).hasSize(64);
        for (Content content : SAMPLES) {
            assertThat(ContentCodec.encode(content).length % ContentCodec.PADDING_BLOCK).isZero();
        }
    }

    @Test
    void everyTruncationIsRejected() {
        for (Content content : SAMPLES) {
            byte[] encoded = ContentCodec.encode(content);
            int bodyEnd = 6 + bodyLength(encoded);
            for (int length = 0; length < bodyEnd; length++) {
                byte[] cut = Arrays.copyOf(encoded, length);
                assertThatThrownBy(() -> ContentCodec.decode(cut))
                        .as("%s cut to %d bytes", content, length)
                        .isInstanceOf(InvalidContentException.class);
            }
        }
    }

    @Test
    void nonZeroPaddingIsRejected() {
        byte[] encoded = ContentCodec.encode(new Text("hi", 1));
        encoded[encoded.length - 1] = 1;
        assertThatThrownBy(() -> ContentCodec.decode(encoded))
                .isInstanceOf(InvalidContentException.class)
                .hasMessageContaining("padding");
    }

    @Test
    void aBodyLengthBeyondTheBytesIsRejected() {
        byte[] encoded = ContentCodec.encode(new Text("hi", 1));
        encoded[2] = 0x7f;
        assertThatThrownBy(() -> ContentCodec.decode(encoded)).isInstanceOf(InvalidContentException.class);
        encoded[2] = (byte) 0xff;
        assertThatThrownBy(() -> ContentCodec.decode(encoded)).isInstanceOf(InvalidContentException.class);
    }

    @Test
    void aNewerVersionOrKindIsUnsupportedRatherThanGarbage() {
        byte[] newerVersion = ContentCodec.encode(new Text("hi", 1));
        newerVersion[0] = 2;
        assertThatThrownBy(() -> ContentCodec.decode(newerVersion)).isInstanceOf(UnsupportedContentException.class);
        byte[] newerKind = ContentCodec.encode(new Text("hi", 1));
        newerKind[1] = 99;
        assertThatThrownBy(() -> ContentCodec.decode(newerKind)).isInstanceOf(UnsupportedContentException.class);
    }

    @Test
    void invalidUtf8IsRejected() {
        byte[] encoded = ContentCodec.encode(new Text("ab", 1));
        // body: sentAt(8) then string length(4) then "ab"
        encoded[6 + 8 + 4] = (byte) 0xC3;
        encoded[6 + 8 + 5] = (byte) 0x28;
        assertThatThrownBy(() -> ContentCodec.decode(encoded)).isInstanceOf(InvalidContentException.class);
    }

    @Test
    void anOversizedTextCannotBeBuilt() {
        assertThatThrownBy(() -> new Text("x".repeat(Text.MAX_BYTES + 1), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Property(tries = 300)
    void textRoundTrips(@ForAll String text, @ForAll long sentAt) throws Exception {
        if (text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > Text.MAX_BYTES) {
            return;
        }
        Text original = new Text(text, sentAt);
        assertThat(ContentCodec.decode(ContentCodec.encode(original))).isEqualTo(original);
    }

    @Property(tries = 1000)
    void arbitraryBytesNeverEscapeAsAnythingButInvalidContent(@ForAll byte[] bytes) {
        try {
            ContentCodec.decode(bytes);
        } catch (InvalidContentException expected) {
            // fine: hostile bytes end in the checked exception
        }
    }

    private static int bodyLength(byte[] encoded) {
        return ((encoded[2] & 0xff) << 24) | ((encoded[3] & 0xff) << 16) | ((encoded[4] & 0xff) << 8)
                | (encoded[5] & 0xff);
    }
}
