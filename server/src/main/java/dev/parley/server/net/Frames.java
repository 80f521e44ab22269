package dev.parley.server.net;

import dev.parley.wire.Frame;
import dev.parley.wire.FrameCodec;
import dev.parley.wire.WireWriter;

/** Frames as bytes on the wire: a 4-byte big-endian length, then the body from {@link FrameCodec}. */
public final class Frames {
    public static final int LENGTH_BYTES = 4;

    private Frames() {
    }

    /** The whole frame, length prefix included. */
    public static byte[] encode(Frame frame) {
        WireWriter writer = new WireWriter(256).i32(0);
        byte[] framed = FrameCodec.encode(frame, writer).toByteArray();
        int length = framed.length - LENGTH_BYTES;
        framed[0] = (byte) (length >>> 24);
        framed[1] = (byte) (length >>> 16);
        framed[2] = (byte) (length >>> 8);
        framed[3] = (byte) length;
        return framed;
    }

    /** The request id of a body that could not be decoded, if its header is intact; else 0. */
    public static long idOf(byte[] body) {
        if (body.length < 10) {
            return Frame.PUSH;
        }
        long id = 0;
        for (int i = 2; i < 10; i++) {
            id = (id << 8) | (body[i] & 0xFF);
        }
        return id;
    }
}
