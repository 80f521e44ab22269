package dev.parley.crypto.internal.ratchet;

import dev.parley.crypto.InvalidMessageException;
import dev.parley.crypto.internal.ByteReader;
import dev.parley.crypto.internal.ByteWriter;
import dev.parley.crypto.internal.CbcHmac;

/**
 * A Double Ratchet message:
 * {@code version(1) ‖ type=1 ‖ ratchetKey(32) ‖ counter(4) ‖ previousCounter(4) ‖ ct(8n) ‖ tag(32)}.
 * The first 42 bytes are the header, authenticated by the tag.
 */
public record RatchetMessage(byte[] ratchetKey, int counter, int previousCounter, byte[] body) {
    public static final int HEADER_LENGTH = 2 + 32 + 4 + 4;
    public static final int MIN_LENGTH = HEADER_LENGTH + CbcHmac.BLOCK + CbcHmac.TAG;

    public static byte[] header(byte[] ratchetKey, int counter, int previousCounter) {
        return new ByteWriter(HEADER_LENGTH).u8(Formats.VERSION).u8(Formats.TYPE_MESSAGE).bytes(ratchetKey)
                .i32(counter).i32(previousCounter).toByteArray();
    }

    public byte[] header() {
        return header(ratchetKey, counter, previousCounter);
    }

    public byte[] serialize() {
        return new ByteWriter(HEADER_LENGTH + body.length).bytes(header()).bytes(body).toByteArray();
    }

    public static RatchetMessage parse(byte[] bytes) throws InvalidMessageException {
        ByteReader r = new ByteReader(bytes);
        if (bytes.length < MIN_LENGTH) throw new InvalidMessageException("message too short");
        if (r.u8() != Formats.VERSION) throw new InvalidMessageException("unknown message version");
        if (r.u8() != Formats.TYPE_MESSAGE) throw new InvalidMessageException("not a ratchet message");
        return new RatchetMessage(r.bytes(32), r.u31(), r.u31(), r.rest());
    }

    @Override
    public String toString() {
        return "RatchetMessage[counter=" + counter + ", previousCounter=" + previousCounter + ", body=" + body.length + " bytes]";
    }
}
