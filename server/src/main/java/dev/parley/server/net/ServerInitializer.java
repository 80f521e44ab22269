package dev.parley.server.net;

import dev.parley.server.state.Connection;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;

/**
 * Builds each connection's pipeline: TLS → {@link FrameDecoder} (length prefix with its size cap, then the
 * body) → file streams → {@link ConnectionHandler} (frame encoding, auth gate, rate limiter, dispatcher,
 * lifecycle and errors). Only TLS and the decoder hold per-connection state; the other two are shared. The
 * file-stream handler serves connections opened with OpenBlobStream entirely itself and lets every other
 * connection's frames pass.
 *
 * <p>Four entries, because each one costs every connection a context of its own and idle connections are
 * what a server holds most of. No flush consolidation: the store writer already writes each connection's
 * replies of a batch with one flush (they are most of what the server sends), and a handler for the rest —
 * the few replies made while reading, such as Pong — would cost every idle connection more than it saves.
 */
public final class ServerInitializer extends ChannelInitializer<Channel> {
    private final SslContext ssl;
    private final long handshakeTimeoutMillis;
    private final int maxFrameBytes;
    private final ChannelHandler files;
    private final ConnectionHandler handler;

    public ServerInitializer(SslContext ssl, long handshakeTimeoutMillis, int maxFrameBytes, RateLimiter rateLimiter,
                             Dispatcher dispatcher, ConnectionLifecycle lifecycle) {
        this(ssl, handshakeTimeoutMillis, maxFrameBytes, rateLimiter, dispatcher, lifecycle, null);
    }

    /** With {@code files} (shared), the handler of file streams, in front of the connection handler. */
    public ServerInitializer(SslContext ssl, long handshakeTimeoutMillis, int maxFrameBytes, RateLimiter rateLimiter,
                             Dispatcher dispatcher, ConnectionLifecycle lifecycle, ChannelHandler files) {
        this.ssl = ssl;
        this.handshakeTimeoutMillis = handshakeTimeoutMillis;
        this.maxFrameBytes = maxFrameBytes;
        this.files = files;
        this.handler = new ConnectionHandler(rateLimiter, dispatcher, lifecycle);
    }

    @Override
    protected void initChannel(Channel channel) {
        channel.attr(Connection.KEY).set(new Connection(channel, address(channel), System.nanoTime()));
        SslHandler tls = ssl.newHandler(channel.alloc());
        tls.setHandshakeTimeoutMillis(handshakeTimeoutMillis);
        channel.pipeline().addLast("tls", tls);
        addProtocol(channel.pipeline(), maxFrameBytes, files, handler);
    }

    /** Everything after TLS (tests put a stand-in for TLS in front of it). */
    static void addProtocol(ChannelPipeline pipeline, int maxFrameBytes, ChannelHandler files, ConnectionHandler handler) {
        pipeline.addLast("frames", new FrameDecoder(maxFrameBytes));
        if (files != null) {
            pipeline.addLast("files", files);
        }
        pipeline.addLast("connection", handler);
    }

    static String address(Channel channel) {
        return channel.remoteAddress() instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress()
                : String.valueOf(channel.remoteAddress());
    }
}
