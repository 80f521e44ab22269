package dev.parley.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.routing.Deliveries;
import dev.parley.server.state.Account;
import dev.parley.server.state.Connection;
import dev.parley.server.state.Directory;
import dev.parley.wire.Error;
import dev.parley.wire.ErrorCode;
import dev.parley.wire.Frame;
import dev.parley.wire.FrameCodec;
import dev.parley.wire.ListUsers;
import dev.parley.wire.Message;
import dev.parley.wire.Ping;
import dev.parley.wire.Send;
import dev.parley.wire.SignIn;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The framing, codec, gate, rate limiter and error handling: the pipeline after TLS in an EmbeddedChannel. */
class PipelineHandlersTest {
    final List<Frame> passed = new ArrayList<>();
    final AtomicLong clock = new AtomicLong(1_000_000_000L);

    /** The server's pipeline after TLS, with the dispatcher replaced by a list of the requests that got through. */
    EmbeddedChannel channel() {
        return channel(new RateLimiter(1_000_000, 1_000_000, 1_000_000, 1_000_000, clock::get));
    }

    EmbeddedChannel channel(RateLimiter rateLimiter) {
        EmbeddedChannel channel = new EmbeddedChannel();
        Connection connection = new Connection(channel, "10.0.0.1", System.nanoTime());
        connection.tlsReady(true);
        channel.attr(Connection.KEY).set(connection);
        ConnectionLifecycle lifecycle = new ConnectionLifecycle(new ConnectionRegistry(100, 100, Long.MAX_VALUE, Long.MAX_VALUE),
                null, new Directory(), null, new Deliveries(new Directory(), 10), 1 << 20);
        ServerInitializer.addProtocol(channel.pipeline(), 1 << 20, null,
                new ConnectionHandler(rateLimiter, (ignored, frame) -> passed.add(frame), lifecycle));
        return channel;
    }

    static ByteBuf framed(byte[] body) {
        return Unpooled.buffer().writeInt(body.length).writeBytes(body);
    }

    static ByteBuf framed(Frame frame) {
        return framed(FrameCodec.encode(frame));
    }

    static List<Frame> written(EmbeddedChannel channel) throws Exception {
        List<Frame> frames = new ArrayList<>();
        for (Object out; (out = channel.readOutbound()) != null; ) {
            ByteBuf buffer = (ByteBuf) out;
            while (buffer.readableBytes() >= 4) {
                byte[] body = new byte[buffer.readInt()];
                buffer.readBytes(body);
                frames.add(FrameCodec.decode(body));
            }
            buffer.release();
        }
        return frames;
    }

    @Test
    void aFrameSplitAcrossReadsIsReassembled() {
        EmbeddedChannel channel = channel();
        byte[] bytes = ByteBufUtil.getBytes(framed(new Frame(3, new Ping(9))));
        channel.writeInbound(Unpooled.wrappedBuffer(bytes, 0, 5));
        assertThat(passed).isEmpty();
        channel.writeInbound(Unpooled.wrappedBuffer(bytes, 5, bytes.length - 5));
        assertThat(passed).containsExactly(new Frame(3, new Ping(9)));
    }

    @Test
    void anUnknownTypeIsAnsweredAndTheConnectionStaysOpen() throws Exception {
        EmbeddedChannel channel = channel();
        channel.writeInbound(framed(new byte[] {1, (byte) 250, 0, 0, 0, 0, 0, 0, 0, 6}));
        assertThat(written(channel)).containsExactly(new Frame(6, new Error(ErrorCode.BAD_REQUEST, "unknown request type 250")));
        assertThat(channel.isOpen()).isTrue();
        channel.writeInbound(framed(new Frame(7, new Ping(1))));
        assertThat(passed).hasSize(1);
    }

    @Test
    void aMalformedBodyIsAnsweredThenTheConnectionClosesAndNothingAfterItIsRead() throws Exception {
        EmbeddedChannel channel = channel();
        ByteBuf both = Unpooled.buffer();
        both.writeBytes(framed(new byte[] {1, 7, 0, 0, 0, 0, 0, 0, 0, 5, 0}));
        both.writeBytes(framed(new Frame(6, new Ping(1))));
        channel.writeInbound(both);
        List<Frame> out = written(channel);
        assertThat(out).hasSize(1);
        assertThat(out.getFirst().id()).isEqualTo(5);
        assertThat(((Error) out.getFirst().message()).code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(passed).isEmpty();
        channel.runPendingTasks();
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void anOversizedLengthIsAnsweredWithTooLargeBeforeTheBodyArrives() throws Exception {
        EmbeddedChannel channel = channel();
        channel.writeInbound(Unpooled.buffer().writeInt((1 << 20) + 1).writeByte(1));
        List<Frame> out = written(channel);
        assertThat(out).containsExactly(Frame.push(new Error(ErrorCode.TOO_LARGE, "frames may be at most 1048576 bytes")));
        channel.runPendingTasks();
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void theGateLetsOnlySignInAndPingThroughBeforeSignIn() throws Exception {
        EmbeddedChannel channel = channel();
        channel.writeInbound(framed(new Frame(1, new ListUsers())));
        channel.writeInbound(framed(new Frame(2, new Ping(0))));
        channel.writeInbound(framed(new Frame(3, new SignIn("alice", "pw"))));
        Connection.of(channel).authenticating = true;
        channel.writeInbound(framed(new Frame(4, new SignIn("alice", "pw"))));
        assertThat(passed).extracting(Frame::id).containsExactly(2L, 3L);
        assertThat(written(channel)).extracting(Frame::message).containsExactly(
                new Error(ErrorCode.NOT_SIGNED_IN, "sign in first"),
                new Error(ErrorCode.BAD_REQUEST, "a sign-in is already in progress on this connection"));
    }

    @Test
    void theGateRefusesASecondSignInOnASignedInConnection() throws Exception {
        EmbeddedChannel channel = channel();
        Connection.of(channel).signedIn(new Account(1, "alice", "h", 0), new byte[32]);
        channel.writeInbound(framed(new Frame(1, new SignIn("bob", "pw"))));
        channel.writeInbound(framed(new Frame(2, new ListUsers())));
        assertThat(written(channel)).extracting(Frame::message)
                .containsExactly(new Error(ErrorCode.ALREADY_SIGNED_IN, "this connection is already signed in as alice"));
        assertThat(passed).extracting(Frame::id).containsExactly(2L);
    }

    @Test
    void theRateLimiterRefusesMessagesBeyondTheBurstUntilTokensRefill() throws Exception {
        EmbeddedChannel channel = channel(new RateLimiter(2, 2, 100, 100, clock::get));
        Connection.of(channel).signedIn(new Account(1, "alice", "h", 0), new byte[32]);
        for (int i = 1; i <= 3; i++) {
            channel.writeInbound(framed(new Frame(i, new Send("bob", i, new byte[] {1}))));
        }
        List<Frame> out = written(channel);
        assertThat(out).extracting(Frame::id).containsExactly(3L);
        Message refusal = out.getFirst().message();
        assertThat(refusal).isEqualTo(new Error(ErrorCode.RATE_LIMITED, "slow down: at most 2 messages per second; try again in 0.5 seconds"));
        clock.addAndGet(500_000_000L);
        channel.writeInbound(framed(new Frame(4, new Send("bob", 4, new byte[] {1}))));
        channel.writeInbound(framed(new Frame(5, new Ping(1))));
        assertThat(passed).extracting(Frame::id).containsExactly(1L, 2L, 4L, 5L);
    }
}
