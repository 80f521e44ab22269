package dev.parley.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of the frame decoder: any byte string either decodes to a frame that
 * re-encodes to a frame equal to it, or fails with {@link MalformedFrameException}. Anything else
 * (a runtime exception, an OutOfMemoryError, a hang) is a finding.
 * Plain {@code ./mvnw verify} replays the stored inputs; {@code JAZZER_FUZZ=1} fuzzes for maxDuration.
 */
class FrameCodecFuzzTest {

    @FuzzTest(maxDuration = "20s")
    void decodingAnyBytesEitherRoundTripsOrFailsAsMalformed(byte[] input) {
        Frame frame;
        try {
            frame = FrameCodec.decode(input);
        } catch (MalformedFrameException expected) {
            return;
        }
        try {
            assertThat(FrameCodec.decode(FrameCodec.encode(frame))).isEqualTo(frame);
        } catch (MalformedFrameException e) {
            throw new AssertionError("a decoded frame did not decode again after encoding: " + frame, e);
        }
    }
}
