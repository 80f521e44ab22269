package dev.parley.bench;

import dev.parley.wire.FrameCodec;
import dev.parley.wire.MessageType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.nio.charset.StandardCharsets;

/**
 * Hand-written encoders and decoders for the few frames on the hot path of the load generator
 * (Send, SendGroup, Ack out; Deliver, Accepted in). They write and read exactly the bytes that
 * {@link FrameCodec} does (checked in FastFramesTest), straight into and out of pooled buffers, so the
 * generator spends as little of the shared CPU as it can. Every other frame goes through FrameCodec.
 *
 * <p>Layout of a frame on the wire: {@code length:i32 | version:u8 type:u8 id:i64 fields…}. Strings and
 * byte fields are {@code length:i32 bytes…}.
 */
public final class FastFrames {
    static final int HEADER = 1 + 1 + 8;
    static final int SEND = MessageType.SEND.code();
    static final int SEND_GROUP = MessageType.SEND_GROUP.code();
    static final int ACK = MessageType.ACK.code();
    static final int DELIVER = MessageType.DELIVER.code();
    static final int ACCEPTED = MessageType.ACCEPTED.code();
    static final int OK = MessageType.OK.code();
    static final int RECEIPT = MessageType.RECEIPT.code();
    static final int ERROR = MessageType.ERROR.code();

    private FastFrames() {
    }

    /** A Send (or SendGroup when {@code group}) frame with its length prefix; the payload is written by {@code payload}. */
    public static ByteBuf send(ByteBufAllocator alloc, boolean group, long frameId, byte[] target, long clientMessageId,
                               Payload payload) {
        int bodyLength = HEADER + 4 + target.length + 8 + 4 + payload.length();
        ByteBuf buf = alloc.directBuffer(4 + bodyLength);
        buf.writeInt(bodyLength);
        buf.writeByte(FrameCodec.VERSION);
        buf.writeByte(group ? SEND_GROUP : SEND);
        buf.writeLong(frameId);
        buf.writeInt(target.length);
        buf.writeBytes(target);
        buf.writeLong(clientMessageId);
        buf.writeInt(payload.length());
        payload.writeTo(buf);
        return buf;
    }

    /** An Ack frame with its length prefix for {@code count} message ids from {@code ids[from…]}. */
    public static ByteBuf ack(ByteBufAllocator alloc, long frameId, long[] ids, int from, int count) {
        int bodyLength = HEADER + 4 + 8 * count;
        ByteBuf buf = alloc.directBuffer(4 + bodyLength);
        buf.writeInt(bodyLength);
        buf.writeByte(FrameCodec.VERSION);
        buf.writeByte(ACK);
        buf.writeLong(frameId);
        buf.writeInt(count);
        for (int i = 0; i < count; i++) {
            buf.writeLong(ids[from + i]);
        }
        return buf;
    }

    /** Any frame, through the real codec, with its length prefix. */
    public static ByteBuf encode(ByteBufAllocator alloc, dev.parley.wire.Frame frame) {
        byte[] body = FrameCodec.encode(frame);
        ByteBuf buf = alloc.directBuffer(4 + body.length);
        buf.writeInt(body.length);
        buf.writeBytes(body);
        return buf;
    }

    static int version(ByteBuf body) {
        return body.getUnsignedByte(body.readerIndex());
    }

    static int type(ByteBuf body) {
        return body.getUnsignedByte(body.readerIndex() + 1);
    }

    static long id(ByteBuf body) {
        return body.getLong(body.readerIndex() + 2);
    }

    /** Accepted.messageId of an Accepted body. */
    static long acceptedMessageId(ByteBuf body) {
        return body.getLong(body.readerIndex() + HEADER);
    }

    /** The error code byte of an Error body. */
    static int errorCode(ByteBuf body) {
        return body.getUnsignedByte(body.readerIndex() + HEADER);
    }

    /**
     * Reads a Deliver body without copying its payload: fills {@code out} and returns true, or returns
     * false when the body is malformed.
     */
    static boolean deliver(ByteBuf body, DeliverView out) {
        int end = body.writerIndex();
        int p = body.readerIndex() + HEADER;
        if (end - p < 8 + 4) {
            return false;
        }
        out.messageId = body.getLong(p);
        p += 8;
        int senderLength = body.getInt(p);
        p += 4;
        if (senderLength < 0 || end - p < senderLength + 4) {
            return false;
        }
        out.senderOffset = p;
        out.senderLength = senderLength;
        p += senderLength;
        int groupLength = body.getInt(p);
        p += 4;
        if (groupLength < 0 || end - p < groupLength + 8 + 4) {
            return false;
        }
        out.groupLength = groupLength;
        p += groupLength;
        out.sentAtMillis = body.getLong(p);
        p += 8;
        int payloadLength = body.getInt(p);
        p += 4;
        if (payloadLength < 0 || end - p != payloadLength) {
            return false;
        }
        out.body = body;
        out.payloadOffset = p;
        out.payloadLength = payloadLength;
        return true;
    }

    /** A Deliver frame read in place; valid only during the read callback. */
    public static final class DeliverView {
        public long messageId;
        public long sentAtMillis;
        public int senderOffset;
        public int senderLength;
        public int groupLength;
        public ByteBuf body;
        public int payloadOffset;
        public int payloadLength;

        public String sender() {
            return body.toString(senderOffset, senderLength, StandardCharsets.UTF_8);
        }

        public boolean isGroup() {
            return groupLength > 0;
        }
    }

    /** Writes a payload of a fixed length into a buffer. */
    public interface Payload {
        int length();

        void writeTo(ByteBuf buf);
    }
}
