package dev.parley.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FrameCodecTest {

    @Test
    void everyMessageTypeHasASample() {
        Set<MessageType> covered = EnumSet.noneOf(MessageType.class);
        SampleMessages.all().forEach(m -> covered.add(m.type()));
        assertThat(covered).containsExactlyInAnyOrder(MessageType.values());
    }

    @Test
    void everyMessageSurvivesARoundTrip() throws Exception {
        for (Message message : SampleMessages.all()) {
            Frame frame = new Frame(77, message);
            assertThat(FrameCodec.decode(FrameCodec.encode(frame))).isEqualTo(frame);
        }
    }

    @Test
    void everyTruncationOfEveryMessageIsRejectedAsMalformed() {
        for (Message message : SampleMessages.all()) {
            byte[] encoded = FrameCodec.encode(new Frame(1, message));
            for (int length = 0; length < encoded.length; length++) {
                byte[] truncated = Arrays.copyOf(encoded, length);
                assertThatThrownBy(() -> FrameCodec.decode(truncated))
                        .as("%s cut to %d bytes", message.type(), length)
                        .isInstanceOf(MalformedFrameException.class);
            }
        }
    }

    @Test
    void trailingBytesAreRejected() {
        byte[] encoded = FrameCodec.encode(new Frame(1, new Ping(1)));
        byte[] extended = Arrays.copyOf(encoded, encoded.length + 1);
        assertThatThrownBy(() -> FrameCodec.decode(extended))
                .isInstanceOf(MalformedFrameException.class)
                .hasMessageContaining("trailing");
    }

    @Test
    void anUnknownTypeIsRejectedWithItsCode() {
        byte[] encoded = FrameCodec.encode(new Frame(1, new Ping(1)));
        encoded[1] = (byte) 250;
        assertThatThrownBy(() -> FrameCodec.decode(encoded))
                .isInstanceOf(UnknownMessageTypeException.class)
                .hasMessage("unknown message type 250");
    }

    @Test
    void anotherVersionIsRejectedAsUnsupported() {
        byte[] encoded = FrameCodec.encode(new Frame(1, new Ping(1)));
        encoded[0] = 2;
        assertThatThrownBy(() -> FrameCodec.decode(encoded)).isInstanceOf(UnsupportedVersionException.class);
    }

    @Test
    void aHugeDeclaredLengthIsRejectedWithoutAllocatingIt() {
        WireWriter writer = new WireWriter(32);
        writer.u8(FrameCodec.VERSION).u8(MessageType.SEND.code()).i64(1).i32(Integer.MAX_VALUE);
        assertThatThrownBy(() -> FrameCodec.decode(writer.toByteArray()))
                .isInstanceOf(MalformedFrameException.class)
                .hasMessageContaining("field length");
    }

    @Test
    void invalidUtf8IsRejected() {
        WireWriter writer = new WireWriter(32);
        writer.u8(FrameCodec.VERSION).u8(MessageType.FETCH_BUNDLE.code()).i64(1).bytes(new byte[] {(byte) 0xC3, (byte) 0x28});
        assertThatThrownBy(() -> FrameCodec.decode(writer.toByteArray()))
                .isInstanceOf(MalformedFrameException.class)
                .hasMessageContaining("UTF-8");
    }

    @Test
    void byteFieldsAreRedactedInToString() {
        assertThat(new Send("bob", 1, "secret words".getBytes()).toString())
                .doesNotContain("secret")
                .contains("payload=12 bytes");
    }
}
