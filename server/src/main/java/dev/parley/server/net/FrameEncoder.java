package dev.parley.server.net;

import dev.parley.wire.Frame;
import dev.parley.wire.FrameCodec;
import dev.parley.wire.WireWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * Frame → length-prefixed bytes in one pooled buffer of exactly the right size: each event loop
 * encodes into its own reusable array, then copies once. Used by {@link ConnectionHandler} for every
 * outgoing {@link Frame}; pre-encoded ByteBufs (group fan-out) never come here.
 */
final class FrameEncoder {
    private static final int KEEP_BYTES = 64 * 1024;
    private static final FastThreadLocal<WireWriter> WRITERS = new FastThreadLocal<>() {
        @Override
        protected WireWriter initialValue() {
            return new WireWriter(1024);
        }
    };

    private FrameEncoder() {
    }

    static ByteBuf encode(Frame frame, ByteBufAllocator alloc) {
        WireWriter writer = FrameCodec.encode(frame, WRITERS.get().reset());
        int length = writer.size();
        ByteBuf out = alloc.ioBuffer(Frames.LENGTH_BYTES + length);
        out.writeInt(length);
        out.writeBytes(writer.array(), 0, length);
        if (writer.array().length > KEEP_BYTES) {
            WRITERS.remove(); // a file chunk or a long list: do not keep its array on the loop for good
        }
        return out;
    }
}
