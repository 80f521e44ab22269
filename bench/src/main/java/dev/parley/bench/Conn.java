package dev.parley.bench;

import dev.parley.wire.Ack;
import dev.parley.wire.Error;
import dev.parley.wire.ErrorCode;
import dev.parley.wire.Frame;
import dev.parley.wire.FrameCodec;
import dev.parley.wire.MalformedFrameException;
import dev.parley.wire.Message;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One client connection: a TLS channel that speaks the wire protocol. Requests sent with {@link #request}
 * complete with their response. Hot frames (Deliver, Accepted and the answers to sends and acks) go to the
 * {@link Listener} without being decoded into records. Every Deliver is acknowledged like a real client does:
 * the ids of one read burst go out as one Ack frame when the burst ends.
 *
 * <p>Frame ids: sends use ids below {@link #ACK_BASE} (the workload chooses them, e.g. sequence + 1), acks use
 * {@code ACK_BASE + n}, every other request {@code CONTROL_BASE + n}.
 */
public final class Conn extends ChannelInboundHandlerAdapter {
    public static final long ACK_BASE = 1L << 50;
    public static final long CONTROL_BASE = 1L << 56;

    /** Receives hot-path events on the connection's event loop. */
    public interface Listener {
        /** A Deliver push; {@code view} is valid only during the call. The message is acked afterwards. */
        default void onDeliver(Conn conn, FastFrames.DeliverView view) {
        }

        /** The server answered a send (id below ACK_BASE) with Accepted. */
        default void onAccepted(Conn conn, long frameId, long messageId) {
        }

        /** The server answered a send with an Error. */
        default void onSendError(Conn conn, long frameId, int errorCode) {
        }

        /** Any other push (QueueDrained, Receipt, ...). */
        default void onPush(Conn conn, Message message) {
        }

        /** The server answered an Ack frame (Ok, or not). */
        default void onAckAnswered(Conn conn, long frameId, boolean ok) {
        }

        default void onClosed(Conn conn) {
        }
    }

    public static final Listener IGNORE = new Listener() {
    };

    private final Map<Long, CompletableFuture<Message>> pending = new ConcurrentHashMap<>();
    private final AtomicLong nextControlId = new AtomicLong(CONTROL_BASE);
    private final FastFrames.DeliverView view = new FastFrames.DeliverView();
    private final BenchStats stats;
    private volatile Listener listener;
    private volatile Channel channel;
    private long[] acks = new long[64];
    private int ackCount;
    private long nextAckId = ACK_BASE;
    private boolean autoAck = true;
    private boolean answeredAcks = true;
    private long ackFramesWritten;
    /** Workload's own per-connection state (user index and such). */
    public volatile Object attachment;
    public volatile String username;
    public volatile int index = -1;
    /** Whether this connection's TLS handshake resumed a session (set when the handshake completes). */
    public volatile boolean tlsResumed;

    Conn(Listener listener, BenchStats stats) {
        this.listener = listener;
        this.stats = stats;
    }

    void bind(Channel channel) {
        this.channel = channel;
    }

    public Channel channel() {
        return channel;
    }

    public void listener(Listener listener) {
        this.listener = listener;
    }

    /** Ack frames this connection has written; read it on the connection's event loop. */
    public long ackFramesWritten() {
        return ackFramesWritten;
    }

    /** Whether every Deliver is acked (default true). Only call before traffic starts. */
    public void autoAck(boolean autoAck) {
        this.autoAck = autoAck;
    }

    /**
     * Whether Ack frames carry a request id so the server answers each with Ok (default), or id 0 as the
     * client module sends them: no answer unless one fails. Only call before traffic starts.
     */
    public void answeredAcks(boolean answeredAcks) {
        this.answeredAcks = answeredAcks;
    }

    public boolean isActive() {
        Channel c = channel;
        return c != null && c.isActive();
    }

    /** Sends a request and completes with its response (an Error is a response too, not an exception). */
    public CompletableFuture<Message> request(Message message, long timeoutMillis) {
        long id = nextControlId.getAndIncrement();
        CompletableFuture<Message> answer = new CompletableFuture<>();
        pending.put(id, answer);
        Channel c = channel;
        if (c == null || !c.isActive()) {
            pending.remove(id);
            answer.completeExceptionally(new java.io.IOException("connection closed"));
            return answer;
        }
        c.writeAndFlush(FastFrames.encode(c.alloc(), new Frame(id, message))).addListener(f -> {
            if (!f.isSuccess()) {
                pending.remove(id);
                answer.completeExceptionally(f.cause());
            }
        });
        // the connection's own event loop keeps the timer: CompletableFuture.orTimeout would wake a shared scheduler
        // thread for every request and every answer (8 % of the generator's CPU during W3's sign-ins)
        io.netty.util.concurrent.Future<?> timer;
        try {
            timer = c.eventLoop().schedule(
                    () -> answer.completeExceptionally(new TimeoutException("no answer within " + timeoutMillis + " ms")),
                    timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) { // the event loops are shutting down
            pending.remove(id);
            answer.completeExceptionally(new java.io.IOException("connection closed", e));
            return answer;
        }
        return answer.whenComplete((m, e) -> {
            timer.cancel(false);
            pending.remove(id);
        });
    }

    public void close() {
        Channel c = channel;
        if (c != null) {
            c.close();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf body = (ByteBuf) msg;
        try {
            read(body);
        } finally {
            ReferenceCountUtil.release(body);
        }
    }

    private void read(ByteBuf body) {
        if (body.readableBytes() < FastFrames.HEADER || FastFrames.version(body) != FrameCodec.VERSION) {
            stats.malformed.increment();
            return;
        }
        int type = FastFrames.type(body);
        long id = FastFrames.id(body);
        if (type == FastFrames.DELIVER) {
            if (!FastFrames.deliver(body, view)) {
                stats.malformed.increment();
                return;
            }
            stats.delivers.increment();
            listener.onDeliver(this, view);
            if (autoAck) {
                if (ackCount == acks.length) {
                    acks = java.util.Arrays.copyOf(acks, acks.length * 2);
                }
                acks[ackCount++] = view.messageId;
            }
            view.body = null;
            return;
        }
        if (type == FastFrames.RECEIPT && id == 0) {
            stats.receipts.increment(); // "delivered" receipts for our sends: counted, not decoded
            return;
        }
        if (id != 0 && id < CONTROL_BASE) {
            if (id >= ACK_BASE) {
                boolean ok = type == FastFrames.OK;
                if (!ok) {
                    stats.ackErrors.increment();
                }
                listener.onAckAnswered(this, id, ok);
            } else if (type == FastFrames.ACCEPTED) {
                listener.onAccepted(this, id, FastFrames.acceptedMessageId(body));
            } else if (type == FastFrames.ERROR) {
                int code = FastFrames.errorCode(body);
                stats.error(code);
                listener.onSendError(this, id, code);
            } else {
                stats.malformed.increment();
            }
            return;
        }
        Frame frame;
        try {
            frame = FrameCodec.decode(ByteBufUtil.getBytes(body));
        } catch (MalformedFrameException e) {
            stats.malformed.increment();
            return;
        }
        if (frame.isPush()) {
            if (frame.message() instanceof Error error) {
                stats.error(error.code().code()); // e.g. an unanswered Ack that failed, or a notice before closing
            }
            listener.onPush(this, frame.message());
            return;
        }
        CompletableFuture<Message> answer = pending.remove(frame.id());
        if (answer != null) {
            if (frame.message() instanceof Error error) {
                stats.error(error.code().code());
            }
            answer.complete(frame.message());
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        flushAcks(ctx.channel());
        ctx.flush();
    }

    private void flushAcks(Channel c) {
        int from = 0;
        while (from < ackCount) {
            int n = Math.min(ackCount - from, dev.parley.wire.Limits.MAX_ACKS_PER_FRAME);
            c.write(FastFrames.ack(c.alloc(), answeredAcks ? nextAckId++ : Frame.PUSH, acks, from, n));
            stats.ackFrames.increment();
            ackFramesWritten++;
            from += n;
        }
        ackCount = 0;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        for (Map.Entry<Long, CompletableFuture<Message>> e : pending.entrySet()) {
            e.getValue().completeExceptionally(new java.io.IOException("connection closed by the server"));
        }
        pending.clear();
        listener.onClosed(this);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        stats.channelErrors.increment();
        stats.lastError(cause);
        ctx.close();
    }

    /** Plain-language text of an Error response, for setup failures. */
    static String describe(Message m) {
        if (m instanceof Error e) {
            return e.code() + " (" + e.message() + ")";
        }
        return String.valueOf(m);
    }

    static boolean isError(Message m, ErrorCode code) {
        return m instanceof Error e && e.code() == code;
    }

    /** Acks a list of message ids through the codec (used outside the hot path). */
    static Ack ackOf(java.util.List<Long> ids) {
        return new Ack(ids);
    }
}
