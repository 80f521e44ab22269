package dev.parley.server.net;

import dev.parley.server.state.Connection;
import dev.parley.wire.Frame;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.util.function.BiConsumer;

/**
 * The last handler, shared by every connection. It only routes events, each concern keeps its own class:
 * a request passes {@link AuthGate}, then the {@link RateLimiter}, and goes to the {@link Dispatcher};
 * an outgoing {@link Frame} is encoded by {@link FrameEncoder} (already encoded buffers, the group fan-out,
 * pass as they are); the connection's life and the errors raised below end in {@link ConnectionLifecycle}.
 * One pipeline entry instead of one per concern, because every entry costs each connection a context of
 * its own (64 bytes) and a server holds tens of thousands of idle connections.
 */
@Sharable
public final class ConnectionHandler extends ChannelDuplexHandler {
    private final RateLimiter rateLimiter;
    private final BiConsumer<Connection, Frame> requests;
    private final ConnectionLifecycle lifecycle;

    public ConnectionHandler(RateLimiter rateLimiter, Dispatcher dispatcher, ConnectionLifecycle lifecycle) {
        this(rateLimiter, dispatcher::dispatch, lifecycle);
    }

    /** With {@code requests} in place of the dispatcher (tests). */
    ConnectionHandler(RateLimiter rateLimiter, BiConsumer<Connection, Frame> requests, ConnectionLifecycle lifecycle) {
        this.rateLimiter = rateLimiter;
        this.requests = requests;
        this.lifecycle = lifecycle;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Frame frame = (Frame) msg;
        Connection connection = Connection.of(ctx.channel());
        if (AuthGate.admits(connection, frame) && rateLimiter.admits(connection, frame)) {
            requests.accept(connection, frame);
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        ctx.write(msg instanceof Frame frame ? FrameEncoder.encode(frame, ctx.alloc()) : msg, promise);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        lifecycle.opened(Connection.of(ctx.channel()));
        ctx.fireChannelActive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof SslHandshakeCompletionEvent handshake) {
            lifecycle.handshakeDone(ctx, handshake);
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        lifecycle.closed(Connection.of(ctx.channel()));
        ctx.fireChannelInactive();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            lifecycle.writable(Connection.of(ctx.channel()));
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        lifecycle.failed(ctx, cause);
    }
}
