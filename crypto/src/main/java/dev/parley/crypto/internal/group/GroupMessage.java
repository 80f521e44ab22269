package dev.parley.crypto.internal.group;

import dev.parley.crypto.InvalidMessageException;
import dev.parley.crypto.internal.ByteReader;
import dev.parley.crypto.internal.ByteWriter;
import dev.parley.crypto.internal.Bytes;
import dev.parley.crypto.internal.CbcHmac;
import dev.parley.crypto.internal.Ed25519;
import dev.parley.crypto.internal.ratchet.Formats;

/**
 * A group message: {@code version ‖ type=3 ‖ keyId(4) ‖ iteration(4) ‖ ct(8n) ‖ tag(32) ‖ signature(64)}.
 * The Ed25519 signature covers every byte before it; the tag covers the 10-byte header, the
 * associated data (group id and sender) and the ciphertext.
 */
public record GroupMessage(int keyId, int iteration, byte[] body, byte[] signature) {
    public static final int HEADER_LENGTH = 2 + 4 + 4;
    private static final int MIN_LENGTH = HEADER_LENGTH + CbcHmac.BLOCK + CbcHmac.TAG + Ed25519.SIGNATURE_LENGTH;

    public static byte[] header(int keyId, int iteration) {
        return new ByteWriter(HEADER_LENGTH).u8(Formats.VERSION).u8(Formats.TYPE_SENDER_KEY_MESSAGE).i32(keyId)
                .i32(iteration).toByteArray();
    }

    public byte[] header() {
        return header(keyId, iteration);
    }

    public byte[] signedPart() {
        return Bytes.concat(header(), body);
    }

    public static GroupMessage parse(byte[] bytes) throws InvalidMessageException {
        ByteReader r = new ByteReader(bytes);
        if (bytes.length < MIN_LENGTH) throw new InvalidMessageException("message too short");
        if (r.u8() != Formats.VERSION) throw new InvalidMessageException("unknown message version");
        if (r.u8() != Formats.TYPE_SENDER_KEY_MESSAGE) throw new InvalidMessageException("not a group message");
        int keyId = r.i32();
        int iteration = r.u31();
        byte[] body = r.bytes(r.remaining() - Ed25519.SIGNATURE_LENGTH);
        return new GroupMessage(keyId, iteration, body, r.rest());
    }

    /** Group id and sender, length-prefixed, as the associated data of every group message. */
    public static byte[] associatedData(String groupId, String sender) {
        return new ByteWriter(64).shortString(groupId).shortString(sender).toByteArray();
    }
}
