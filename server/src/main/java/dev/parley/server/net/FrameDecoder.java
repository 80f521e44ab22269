package dev.parley.server.net;

import dev.parley.server.state.Connection;
import dev.parley.wire.ErrorCode;
import dev.parley.wire.FrameCodec;
import dev.parley.wire.MalformedFrameException;
import dev.parley.wire.UnknownMessageTypeException;
import dev.parley.wire.UnsupportedVersionException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.util.List;

/**
 * Frame body → {@link Frame}. A frame of an unknown type is answered with BAD_REQUEST and skipped
 * (its length kept the stream in step, and a newer client may send types this server lacks); a body
 * that does not parse, or a protocol version this server does not speak, is answered and the
 * connection closed, because the sender is broken or hostile. Stateless, shared.
 */
@Sharable
public final class FrameDecoder extends MessageToMessageDecoder<ByteBuf> {
    public static final FrameDecoder INSTANCE = new FrameDecoder();

    private FrameDecoder() {
        super(ByteBuf.class);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf body, List<Object> out) {
        Connection connection = Connection.of(ctx.channel());
        if (connection.closing) {
            return;
        }
        byte[] bytes = ByteBufUtil.getBytes(body);
        connection.touched(System.nanoTime());
        try {
            out.add(FrameCodec.decode(bytes));
        } catch (UnknownMessageTypeException e) {
            connection.fail(Frames.idOf(bytes), ErrorCode.BAD_REQUEST, "unknown request type " + (bytes[1] & 0xFF));
        } catch (UnsupportedVersionException e) {
            connection.closeWith(Frames.idOf(bytes), ErrorCode.UNSUPPORTED_VERSION, e.getMessage());
        } catch (MalformedFrameException e) {
            connection.closeWith(Frames.idOf(bytes), ErrorCode.BAD_REQUEST,
                    "malformed frame (" + e.getMessage() + "); closing the connection");
        }
    }
}
