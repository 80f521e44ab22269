package dev.parley.server.net;

import dev.parley.server.state.Connection;
import dev.parley.wire.ErrorCode;
import dev.parley.wire.FrameCodec;
import dev.parley.wire.MalformedFrameException;
import dev.parley.wire.UnknownMessageTypeException;
import dev.parley.wire.UnsupportedVersionException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;

/**
 * Bytes → {@link dev.parley.wire.Frame}s. Cuts the stream at the 4-byte big-endian length prefix: a length
 * above the cap (or negative) fails fast, before any of the body is buffered, and {@link ConnectionLifecycle}
 * answers it. Each body is then decoded: a frame of an unknown type is answered with BAD_REQUEST and skipped
 * (its length kept the stream in step, and a newer client may send types this server lacks); a body that
 * does not parse, or a protocol version this server does not speak, is answered and the connection closed,
 * because the sender is broken or hostile. Nothing read after that is decoded.
 *
 * <p>One per connection (it holds a partial frame between reads); its buffer is released whenever no partial
 * frame is pending.
 */
public final class FrameDecoder extends LengthFieldBasedFrameDecoder {
    public FrameDecoder(int maxBodyBytes) {
        super(maxBodyBytes + Frames.LENGTH_BYTES, 0, Frames.LENGTH_BYTES, 0, Frames.LENGTH_BYTES, true);
    }

    @Override
    protected Object decode(ChannelHandlerContext ctx, ByteBuf in) throws Exception {
        ByteBuf body = (ByteBuf) super.decode(ctx, in);
        if (body == null) {
            return null;
        }
        try {
            return decodeBody(Connection.of(ctx.channel()), body);
        } finally {
            body.release();
        }
    }

    /** The frame in {@code body}, or null when there is none to pass on (answered, or the connection is closing). */
    private static Object decodeBody(Connection connection, ByteBuf body) {
        if (connection.closing) {
            return null;
        }
        byte[] bytes = ByteBufUtil.getBytes(body);
        connection.touched(System.nanoTime());
        try {
            return FrameCodec.decode(bytes);
        } catch (UnknownMessageTypeException e) {
            connection.fail(Frames.idOf(bytes), ErrorCode.BAD_REQUEST, "unknown request type " + (bytes[1] & 0xFF));
        } catch (UnsupportedVersionException e) {
            connection.closeWith(Frames.idOf(bytes), ErrorCode.UNSUPPORTED_VERSION, e.getMessage());
        } catch (MalformedFrameException e) {
            connection.closeWith(Frames.idOf(bytes), ErrorCode.BAD_REQUEST,
                    "malformed frame (" + e.getMessage() + "); closing the connection");
        }
        return null;
    }
}
