package dev.parley.it;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.parley.client.content.Content;
import dev.parley.client.content.ContentCodec;
import dev.parley.client.content.InvalidContentException;

/**
 * Coverage-guided fuzzing of the client's content parser — the plaintext format inside every
 * ciphertext (texts, sender keys, file offers, file completions), which a hostile contact controls
 * completely once their message decrypts. Any bytes either fail with {@link InvalidContentException}
 * (or its {@code UnsupportedContentException}) or decode to content that encodes and decodes to the
 * same content again. Anything else — a runtime exception, an error, a hang — is a finding.
 *
 * <p>It lives in {@code it} because the client module's build is not ours to change; the
 * {@code fuzz-content} execution in it/pom.xml fuzzes it for a few seconds on every build. Longer:
 * {@code JAZZER_FUZZ=1 ./parley mvn -B -o -pl it surefire:test@fuzz-content -Djazzer.max_duration=30m}.
 */
class ContentCodecFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void anyPlaintextEitherDecodesAndRoundTripsOrFailsAsInvalidContent(byte[] input) {
        Content content;
        try {
            content = ContentCodec.decode(input);
        } catch (InvalidContentException expected) {
            return;
        }
        try {
            Content again = ContentCodec.decode(ContentCodec.encode(content));
            if (!again.equals(content)) {
                throw new AssertionError("decoded content changed after encoding: " + content + " became " + again);
            }
        } catch (InvalidContentException e) {
            throw new AssertionError("decoded content did not decode again after encoding: " + content, e);
        }
    }
}
