package dev.parley.server.net;

import dev.parley.server.state.Connection;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;

/**
 * Builds each connection's pipeline, one concern per handler:
 * TLS → flush consolidation → length prefix (size cap) → frame codec → file streams → auth gate →
 * rate limiter → dispatcher → lifecycle/errors. Only the first three hold per-connection state; the
 * rest are shared. The file-stream handler serves connections opened with OpenBlobStream entirely
 * itself and lets every other connection's frames pass.
 */
public final class ServerInitializer extends ChannelInitializer<Channel> {
    private final SslContext ssl;
    private final long handshakeTimeoutMillis;
    private final int maxFrameBytes;
    private final RateLimiter rateLimiter;
    private final Dispatcher dispatcher;
    private final ConnectionLifecycle lifecycle;
    private final ChannelHandler files;

    public ServerInitializer(SslContext ssl, long handshakeTimeoutMillis, int maxFrameBytes, RateLimiter rateLimiter,
                             Dispatcher dispatcher, ConnectionLifecycle lifecycle) {
        this(ssl, handshakeTimeoutMillis, maxFrameBytes, rateLimiter, dispatcher, lifecycle, null);
    }

    /** With {@code files} (shared), the handler of file streams, in front of the auth gate. */
    public ServerInitializer(SslContext ssl, long handshakeTimeoutMillis, int maxFrameBytes, RateLimiter rateLimiter,
                             Dispatcher dispatcher, ConnectionLifecycle lifecycle, ChannelHandler files) {
        this.files = files;
        this.ssl = ssl;
        this.handshakeTimeoutMillis = handshakeTimeoutMillis;
        this.maxFrameBytes = maxFrameBytes;
        this.rateLimiter = rateLimiter;
        this.dispatcher = dispatcher;
        this.lifecycle = lifecycle;
    }

    @Override
    protected void initChannel(Channel channel) {
        channel.attr(Connection.KEY).set(new Connection(channel, address(channel), System.nanoTime()));
        SslHandler tls = ssl.newHandler(channel.alloc());
        tls.setHandshakeTimeoutMillis(handshakeTimeoutMillis);
        ChannelPipeline pipeline = channel.pipeline();
        pipeline.addLast("tls", tls);
        pipeline.addLast("flush", new FlushConsolidationHandler(256, false));
        pipeline.addLast("length", new LengthPrefixDecoder(maxFrameBytes));
        pipeline.addLast("encoder", FrameEncoder.INSTANCE);
        pipeline.addLast("decoder", FrameDecoder.INSTANCE);
        if (files != null) {
            pipeline.addLast("files", files);
        }
        pipeline.addLast("auth", AuthGate.INSTANCE);
        pipeline.addLast("rate", rateLimiter);
        pipeline.addLast("dispatch", dispatcher);
        pipeline.addLast("lifecycle", lifecycle);
    }

    static String address(Channel channel) {
        return channel.remoteAddress() instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress()
                : String.valueOf(channel.remoteAddress());
    }
}
