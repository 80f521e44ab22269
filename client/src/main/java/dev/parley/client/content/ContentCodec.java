package dev.parley.client.content;

import dev.parley.crypto.file.FileFormat;
import dev.parley.crypto.file.FileKey;
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
    private static final int KIND_FILE = 3;
    private static final int KIND_FILE_DONE = 4;
    /** Far beyond any server's cap; keeps size arithmetic clear of overflow. */
    private static final long MAX_FILE_BYTES = 1L << 44;
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
            case FileDone done -> {
                body.string(done.blobId()).bytes(done.digest()).string(done.failure());
                yield KIND_FILE_DONE;
            }
            case FileOffer file -> {
                body.string(file.blobId()).bytes(file.fileKey()).bytes(file.digest()).i64(file.ciphertextSize())
                        .i64(file.plaintextSize()).string(file.name()).string(file.mediaType()).i64(file.sentAtMillis());
                yield KIND_FILE;
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
                case KIND_FILE -> readFile(reader);
                case KIND_FILE_DONE -> readFileDone(reader);
                default -> throw new UnsupportedContentException("content kind " + kind + " is not supported");
            };
            reader.expectEnd();
            return content;
        } catch (MalformedFrameException e) {
            throw new InvalidContentException("malformed content: " + e.getMessage());
        }
    }

    private static FileOffer readFile(WireReader reader) throws MalformedFrameException, InvalidContentException {
        String blobId = reader.string(FileOffer.MAX_BLOB_ID_BYTES);
        byte[] key = reader.bytes(64);
        byte[] digest = reader.bytes(64);
        long ciphertextSize = reader.i64();
        long plaintextSize = reader.i64();
        String name = reader.string(FileOffer.MAX_NAME_BYTES);
        String mediaType = reader.string(FileOffer.MAX_MEDIA_TYPE_BYTES);
        long sentAt = reader.i64();
        if (key.length != FileKey.LENGTH + 1 || (digest.length != 32 && digest.length != 0)) {
            throw new InvalidContentException("a file's key or digest has the wrong length");
        }
        if (plaintextSize < 0 || plaintextSize > MAX_FILE_BYTES || ciphertextSize != FileFormat.ciphertextLength(plaintextSize)) {
            throw new InvalidContentException("a file's sizes do not match the file format");
        }
        return new FileOffer(blobId, key, digest, ciphertextSize, plaintextSize, name, mediaType, sentAt);
    }

    private static FileDone readFileDone(WireReader reader) throws MalformedFrameException, InvalidContentException {
        String blobId = reader.string(FileOffer.MAX_BLOB_ID_BYTES);
        byte[] digest = reader.bytes(64);
        String failure = reader.string(FileDone.MAX_FAILURE_BYTES);
        if (failure.isEmpty() ? digest.length != 32 : digest.length != 0) {
            throw new InvalidContentException("a file's completion carries a digest or a reason, not both");
        }
        return new FileDone(blobId, digest, failure);
    }

    private static Text readText(WireReader reader) throws MalformedFrameException, InvalidContentException {
        long sentAt = reader.i64();
        String text = reader.string(Text.MAX_BYTES);
        return new Text(text, sentAt);
    }
}
