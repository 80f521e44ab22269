package dev.parley.wire;

/**
 * Encodes and decodes frame bodies: {@code version:u8 type:u8 id:i64 fields…}.
 * The 4-byte length prefix in front of each body belongs to the transport.
 */
public final class FrameCodec {
    public static final int VERSION = 1;

    private FrameCodec() {
    }

    public static byte[] encode(Frame frame) {
        return encode(frame, new WireWriter(64)).toByteArray();
    }

    /** Appends the frame's body to {@code writer} (for callers that reuse one writer and copy the bytes out). */
    public static WireWriter encode(Frame frame, WireWriter writer) {
        writer.u8(VERSION).u8(frame.message().type().code()).i64(frame.id());
        frame.message().write(writer);
        return writer;
    }

    public static Frame decode(byte[] body) throws MalformedFrameException {
        if (body.length > Limits.MAX_FRAME_BYTES) {
            throw new MalformedFrameException("frame of " + body.length + " bytes exceeds " + Limits.MAX_FRAME_BYTES);
        }
        WireReader reader = new WireReader(body);
        int version = reader.u8();
        if (version != VERSION) {
            throw new UnsupportedVersionException(version);
        }
        MessageType type = MessageType.fromCode(reader.u8());
        long id = reader.i64();
        Message message = type.read(reader);
        reader.expectEnd();
        return new Frame(id, message);
    }
}
