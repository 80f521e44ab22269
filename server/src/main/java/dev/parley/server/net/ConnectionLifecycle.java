package dev.parley.server.net;

import dev.parley.server.persist.StoreWriter;
import dev.parley.server.presence.PresenceService;
import dev.parley.server.protocol.Texts;
import dev.parley.server.routing.Deliveries;
import dev.parley.server.routing.DetachOp;
import dev.parley.server.state.Connection;
import dev.parley.server.state.Directory;
import dev.parley.wire.ErrorCode;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.io.IOException;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection's life (registration, connection limits after the handshake, going offline when it
 * ends, resuming the queue when it can take more) and the protocol errors raised below the last
 * handler: an oversized frame gets TOO_LARGE, a corrupt length BAD_REQUEST, then the connection
 * closes; TLS and I/O failures just close it. {@link ConnectionHandler} calls it for those events;
 * one for all connections.
 */
public final class ConnectionLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionLifecycle.class);

    private final ConnectionRegistry registry;
    private final StoreWriter writer;
    private final Directory directory;
    private final PresenceService presence;
    private final Deliveries deliveries;
    private final int maxFrameBytes;

    public ConnectionLifecycle(ConnectionRegistry registry, StoreWriter writer, Directory directory, PresenceService presence,
                               Deliveries deliveries, int maxFrameBytes) {
        this.registry = registry;
        this.writer = writer;
        this.directory = directory;
        this.presence = presence;
        this.deliveries = deliveries;
        this.maxFrameBytes = maxFrameBytes;
    }

    /** The connection is up (TCP); it is counted, and refused after the handshake if over a limit. */
    void opened(Connection connection) {
        connection.refusal = registry.opened(connection);
    }

    /** The TLS handshake ended: from now on errors can be told to the client; a failed one closes. */
    void handshakeDone(ChannelHandlerContext ctx, SslHandshakeCompletionEvent handshake) {
        Connection connection = Connection.of(ctx.channel());
        if (handshake.isSuccess()) {
            connection.tlsReady(true);
            if (connection.refusal != null) {
                LOG.debug("event=connection_refused address={} reason=\"{}\"", connection.address(), connection.refusal);
                connection.closeWith(ErrorCode.LIMIT_REACHED, connection.refusal);
            }
        } else {
            ctx.close();
        }
    }

    void closed(Connection connection) {
        connection.markClosed();
        registry.closed(connection);
        if (connection.triedSignIn) {
            writer.submit(DetachOp.closed(directory, presence, connection));
        }
    }

    /** The socket has room again: a paused queue carries on. */
    void writable(Connection connection) {
        deliveries.writable(connection);
    }

    void failed(ChannelHandlerContext ctx, Throwable cause) {
        Connection connection = Connection.of(ctx.channel());
        Throwable root = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (root instanceof TooLongFrameException) {
            connection.closeWith(ErrorCode.TOO_LARGE, String.format(Texts.FRAME_TOO_LARGE, maxFrameBytes));
        } else if (root instanceof CorruptedFrameException) {
            connection.closeWith(ErrorCode.BAD_REQUEST, "the frame length is not valid; closing the connection");
        } else if (root instanceof SSLException || root instanceof IOException) {
            LOG.debug("event=connection_error address={} reason=\"{}\"", connection.address(), root.toString());
            ctx.close();
        } else {
            LOG.warn("event=connection_error address={} reason=\"{}\"", connection.address(), root.toString());
            ctx.close();
        }
    }
}
