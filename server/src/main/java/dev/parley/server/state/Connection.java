package dev.parley.server.state;

import dev.parley.wire.Error;
import dev.parley.wire.ErrorCode;
import dev.parley.wire.Frame;
import dev.parley.wire.Message;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import io.netty.util.AttributeKey;

/**
 * What the server remembers about one client connection; deliberately small, because tens of
 * thousands of idle ones are held at once. Reached from the channel through {@link #KEY}.
 */
public final class Connection {
    public static final AttributeKey<Connection> KEY = AttributeKey.valueOf("parley.connection");

    private final Channel channel;
    private final String address;
    private volatile long openedAtNanos;
    private volatile long lastReadNanos;
    private volatile Account account;
    private volatile byte[] sessionHash;
    private volatile boolean closed;
    private volatile boolean tlsReady;

    /** Event loop only: a SignUp/SignIn/Resume got past the gate, so closing must detach. */
    public boolean triedSignIn;
    /** Event loop only: a SignUp/SignIn/Resume is being processed. */
    public boolean authenticating;
    /** Event loop only: accepted beyond the per-address or total cap; told so and closed after the TLS handshake. */
    public String refusal;
    /** Event loop only: the connection is being closed; requests read now are dropped. */
    public boolean closing;
    /** Event loop only: a drain step is queued at the store writer. */
    public boolean drainScheduled;
    /** Event loop only: a drain step waits for the channel to become writable. */
    public boolean waitingForWritable;

    /** Store writer only: pushes go straight out (else they wait in the queue for the next drain step). */
    public boolean live;
    /** Store writer only: highest message id pushed on this connection. */
    public long cursor;
    /** Store writer only: the account whose connection this is, from attach to detach. */
    public Account attachedTo;
    /**
     * Store writer only: the latest batch whose effects this connection is owed (its replies and pushes, held until
     * that batch is durable, or the SignedIn and first page of the batch that attaches it); a push ahead of a commit
     * must not overtake them ({@code persist.Effects#ready}).
     */
    public long heldThrough;

    public Connection(Channel channel, String address, long nowNanos) {
        this.channel = channel;
        this.address = address;
        this.openedAtNanos = nowNanos;
        this.lastReadNanos = nowNanos;
    }

    public static Connection of(Channel channel) {
        return channel.attr(KEY).get();
    }

    public Channel channel() {
        return channel;
    }

    public EventLoop loop() {
        return channel.eventLoop();
    }

    public String address() {
        return address;
    }

    public long openedAtNanos() {
        return openedAtNanos;
    }

    public long lastReadNanos() {
        return lastReadNanos;
    }

    public void touched(long nowNanos) {
        lastReadNanos = nowNanos;
    }

    /** The signed-in account, or null before sign-in (and after sign-out). */
    public Account account() {
        return account;
    }

    public byte[] sessionHash() {
        return sessionHash;
    }

    public void signedIn(Account account, byte[] sessionHash) {
        this.sessionHash = sessionHash;
        this.account = account;
    }

    /** Back to the unauthenticated state; the sign-in timer starts again. */
    public void signedOut(long nowNanos) {
        this.account = null;
        this.sessionHash = null;
        this.openedAtNanos = nowNanos;
    }

    public boolean isClosed() {
        return closed;
    }

    public void markClosed() {
        closed = true;
    }

    /** Writes on the channel's own thread; flushed by the flush-consolidation handler or at once when idle. */
    public void send(Object frameOrBuffer) {
        channel.writeAndFlush(frameOrBuffer, channel.voidPromise());
    }

    /** The response to a request; success responses to requests with id 0 are left out (fire-and-forget). */
    public void reply(long requestId, Message message) {
        if (requestId == Frame.PUSH && !(message instanceof Error)) {
            return;
        }
        send(new Frame(requestId, message));
    }

    public void fail(long requestId, ErrorCode code, String sentence) {
        send(new Frame(requestId, new Error(code, sentence)));
    }

    /** Sends one Error push and closes; see {@link #closeWith(long, ErrorCode, String)}. */
    public void closeWith(ErrorCode code, String sentence) {
        closeWith(Frame.PUSH, code, sentence);
    }

    /**
     * Sends one Error (answering {@code requestId}, or a push for 0) and closes once it is written;
     * nothing read after this is processed. Before the TLS handshake there is no way to say anything,
     * so the connection just closes. Closes within two seconds even if the peer reads nothing.
     */
    public void closeWith(long requestId, ErrorCode code, String sentence) {
        if (closing) {
            return;
        }
        closing = true;
        if (!channel.isActive()) {
            return;
        }
        if (!tlsReady) {
            channel.close();
            return;
        }
        channel.writeAndFlush(new Frame(requestId, new Error(code, sentence))).addListener(ChannelFutureListener.CLOSE);
        channel.eventLoop().schedule(() -> {
            channel.close();
        }, 2, java.util.concurrent.TimeUnit.SECONDS);
    }

    public boolean tlsReady() {
        return tlsReady;
    }

    public void tlsReady(boolean ready) {
        tlsReady = ready;
    }

    @Override
    public String toString() {
        Account current = account;
        return "Connection[" + address + (current == null ? "" : ", " + current.name()) + "]";
    }
}
