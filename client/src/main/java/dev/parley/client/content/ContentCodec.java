package dev.parley.client.content;

import dev.parley.wire.MalformedFrameException;
import dev.parley.wire.WireReader;
import dev.parley.wire.WireWriter;

/**
 * The plaintext format inside every ciphertext:
 * {@code version:u8 kind:u8 bodyLength:i32 body padding}.
 * The whole is zero-padded to a multiple of {@value #PADDING_BLOCK} bytes so ciphertext lengths
 * reveal little about message lengths. Parsing checks every length and that the padding is zero;
 * anything else ends in an {@link InvalidContentException}.
 */
public final class ContentCodec {

    public static final int VERSION = 1;
    static final int PADDING_BLOCK = 64;
    private static final int HEADER_BYTES = 6;
    private static final int KIND_TEXT = 1;
    private static final int KIND_SENDER_KEY = 2;
    private static final int MAX_GROUP_BYTES = 64;
    private static final int MAX_DISTRIBUTION_BYTES = 16 * 1024;

    private ContentCodec() {
    }

    public static byte[] encode(Content content) {
        WireWriter body = new WireWriter(64);
        int kind = switch (content) {
            case Text text -> {
                body.i64(text.sentAtMillis()).string(text.text());
                yield KIND_TEXT;
            }
            case SenderKeyDistribution skd -> {
                body.string(skd.group()).bytes(skd.distribution());
                yield KIND_SENDER_KEY;
            }
        };
        byte[] bodyBytes = body.toByteArray();
        int unpadded = HEADER_BYTES + bodyBytes.length;
        int padded = (unpadded + PADDING_BLOCK - 1) / PADDING_BLOCK * PADDING_BLOCK;
        byte[] out = new WireWriter(padded).u8(VERSION).u8(kind).i32(bodyBytes.length).toByteArray();
        byte[] result = new byte[padded];
        System.arraycopy(out, 0, result, 0, HEADER_BYTES);
        System.arraycopy(bodyBytes, 0, result, HEADER_BYTES, bodyBytes.length);
        return result;
    }

    public static Content decode(byte[] bytes) throws InvalidContentException {
        try {
            WireReader header = new WireReader(bytes);
            int version = header.u8();
            if (version != VERSION) {
                throw new UnsupportedContentException("content version " + version + " is not supported");
            }
            int kind = header.u8();
            int length = header.i32();
            if (length < 0 || length > bytes.length - HEADER_BYTES) {
                throw new InvalidContentException("content body length " + length + " does not fit");
            }
            for (int i = HEADER_BYTES + length; i < bytes.length; i++) {
                if (bytes[i] != 0) {
                    throw new InvalidContentException("content padding is not zero");
                }
            }
            byte[] body = java.util.Arrays.copyOfRange(bytes, HEADER_BYTES, HEADER_BYTES + length);
            WireReader reader = new WireReader(body);
            Content content = switch (kind) {
                case KIND_TEXT -> readText(reader);
                case KIND_SENDER_KEY -> new SenderKeyDistribution(
                        reader.string(MAX_GROUP_BYTES), reader.bytes(MAX_DISTRIBUTION_BYTES));
                default -> throw new UnsupportedContentException("content kind " + kind + " is not supported");
            };
            reader.expectEnd();
            return content;
        } catch (MalformedFrameException e) {
            throw new InvalidContentException("malformed content: " + e.getMessage());
        }
    }

    private static Text readText(WireReader reader) throws MalformedFrameException, InvalidContentException {
        long sentAt = reader.i64();
        String text = reader.string(Text.MAX_BYTES);
        return new Text(text, sentAt);
    }
}
