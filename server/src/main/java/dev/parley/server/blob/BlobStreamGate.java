package dev.parley.server.blob;

import dev.parley.server.protocol.Refusal;
import dev.parley.server.protocol.Texts;
import dev.parley.server.state.Connection;
import dev.parley.wire.BlobCreate;
import dev.parley.wire.BlobFetched;
import dev.parley.wire.BlobRead;
import dev.parley.wire.BlobStat;
import dev.parley.wire.BlobWrite;
import dev.parley.wire.ErrorCode;
import dev.parley.wire.Frame;
import dev.parley.wire.Message;
import dev.parley.wire.OpenBlobStream;
import dev.parley.wire.Ping;
import dev.parley.wire.Pong;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;

/**
 * The pipeline handler in front of the auth gate that turns a fresh connection into a file stream
 * and serves it. On a file stream it answers everything itself (Ping, the five blob requests; any
 * other request is refused), so nothing reaches the chat handlers; on other connections it only
 * refuses blob requests and lets everything else pass. Shared.
 */
@Sharable
public final class BlobStreamGate extends ChannelInboundHandlerAdapter {
    static final AttributeKey<BlobSession> SESSION = AttributeKey.valueOf("parley.blobSession");

    private final BlobService service;

    BlobStreamGate(BlobService service) {
        this.service = service;
    }

    /** True when this connection is a file stream. */
    public static boolean isFileStream(Connection connection) {
        return session(connection.channel()) != null;
    }

    /** The stream's session, or null; looks without creating the attribute (that would cost every chat connection ~48 bytes). */
    private static BlobSession session(io.netty.channel.Channel channel) {
        return channel.hasAttr(SESSION) ? channel.attr(SESSION).get() : null;
    }

    void attach(Connection connection, BlobSession session) {
        connection.channel().attr(SESSION).set(session);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Frame frame = (Frame) msg;
        Message message = frame.message();
        Connection connection = Connection.of(ctx.channel());
        BlobSession session = session(ctx.channel());
        try {
            if (session != null) {
                switch (message) {
                    case Ping ping -> connection.reply(frame.id(), new Pong(ping.nonce()));
                    case BlobCreate ignored -> session.enqueue(frame);
                    case BlobStat ignored -> session.enqueue(frame);
                    case BlobWrite ignored -> session.enqueue(frame);
                    case BlobRead ignored -> session.enqueue(frame);
                    case BlobFetched ignored -> session.enqueue(frame);
                    case OpenBlobStream ignored -> connection.fail(frame.id(), ErrorCode.BAD_REQUEST, BlobTexts.ALREADY_OPEN);
                    default -> connection.fail(frame.id(), ErrorCode.BAD_REQUEST, BlobTexts.ONLY_FILES);
                }
                return;
            }
            switch (message) {
                case OpenBlobStream request -> {
                    if (connection.account() != null) {
                        connection.fail(frame.id(), ErrorCode.BAD_REQUEST, BlobTexts.OPEN_ON_NEW);
                    } else if (connection.authenticating) {
                        connection.fail(frame.id(), ErrorCode.BAD_REQUEST, Texts.SIGN_IN_IN_PROGRESS);
                    } else {
                        service.open(connection, frame.id(), request);
                    }
                }
                case BlobCreate ignored -> connection.fail(frame.id(), ErrorCode.BAD_REQUEST, BlobTexts.OPEN_FIRST);
                case BlobStat ignored -> connection.fail(frame.id(), ErrorCode.BAD_REQUEST, BlobTexts.OPEN_FIRST);
                case BlobWrite ignored -> connection.fail(frame.id(), ErrorCode.BAD_REQUEST, BlobTexts.OPEN_FIRST);
                case BlobRead ignored -> connection.fail(frame.id(), ErrorCode.BAD_REQUEST, BlobTexts.OPEN_FIRST);
                case BlobFetched ignored -> connection.fail(frame.id(), ErrorCode.BAD_REQUEST, BlobTexts.OPEN_FIRST);
                default -> ctx.fireChannelRead(msg);
            }
        } catch (Refusal refusal) {
            connection.fail(frame.id(), refusal.code(), refusal.sentence());
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        BlobSession session = session(ctx.channel());
        if (session != null && ctx.channel().isWritable()) {
            session.writable();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        BlobSession session = session(ctx.channel());
        if (session != null) {
            session.close();
        }
        ctx.fireChannelInactive();
    }
}
