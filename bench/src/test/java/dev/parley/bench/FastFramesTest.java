package dev.parley.bench;

import dev.parley.wire.Ack;
import dev.parley.wire.Deliver;
import dev.parley.wire.Frame;
import dev.parley.wire.FrameCodec;
import dev.parley.wire.Send;
import dev.parley.wire.SendGroup;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The hand-written hot-path frames are byte for byte what the wire codec writes and reads. */
class FastFramesTest {
    private static final UnpooledByteBufAllocator ALLOC = UnpooledByteBufAllocator.DEFAULT;

    private static byte[] body(ByteBuf framed) {
        int length = framed.readInt();
        assertThat(length).isEqualTo(framed.readableBytes());
        byte[] out = ByteBufUtil.getBytes(framed);
        framed.release();
        return out;
    }

    @Test
    void sendMatchesTheCodec() {
        Stamp stamp = new Stamp(42L, 100, new Random(1)).set(7, 123_456_789L, 3);
        byte[] fast = body(FastFrames.send(ALLOC, false, 99, "bob".getBytes(StandardCharsets.UTF_8), 555, stamp));
        byte[] codec = FrameCodec.encode(new Frame(99, new Send("bob", 555, stamp.toBytes())));
        assertThat(fast).isEqualTo(codec);
    }

    @Test
    void sendGroupMatchesTheCodec() {
        Stamp stamp = new Stamp(-1L, 32, new Random(2)).set(1, 2, 3);
        byte[] fast = body(FastFrames.send(ALLOC, true, 5, "grp".getBytes(StandardCharsets.UTF_8), 6, stamp));
        byte[] codec = FrameCodec.encode(new Frame(5, new SendGroup("grp", 6, stamp.toBytes())));
        assertThat(fast).isEqualTo(codec);
    }

    @Test
    void ackMatchesTheCodec() {
        long[] ids = {1, 2, 3, 40_000_000_000L, 5};
        byte[] fast = body(FastFrames.ack(ALLOC, Conn.ACK_BASE + 3, ids, 1, 3));
        byte[] codec = FrameCodec.encode(new Frame(Conn.ACK_BASE + 3, new Ack(List.of(2L, 3L, 40_000_000_000L))));
        assertThat(fast).isEqualTo(codec);
    }

    @Test
    void deliverIsReadInPlace() {
        Stamp stamp = new Stamp(77L, 64, new Random(3)).set(12, 34, 5);
        byte[] body = FrameCodec.encode(Frame.push(new Deliver(9001, "alice", "team", 1234, stamp.toBytes())));
        ByteBuf buf = Unpooled.wrappedBuffer(body);
        FastFrames.DeliverView v = new FastFrames.DeliverView();
        assertThat(FastFrames.deliver(buf, v)).isTrue();
        assertThat(v.messageId).isEqualTo(9001);
        assertThat(v.sender()).isEqualTo("alice");
        assertThat(v.isGroup()).isTrue();
        assertThat(v.sentAtMillis).isEqualTo(1234);
        assertThat(v.payloadLength).isEqualTo(64);
        assertThat(Stamp.isRun(buf, v.payloadOffset, v.payloadLength, 77L)).isTrue();
        assertThat(Stamp.seq(buf, v.payloadOffset)).isEqualTo(12);
        assertThat(Stamp.scheduledNanos(buf, v.payloadOffset)).isEqualTo(34);
        assertThat(Stamp.sender(buf, v.payloadOffset)).isEqualTo(5);
    }

    @Test
    void truncatedDeliverIsRejected() {
        byte[] body = FrameCodec.encode(Frame.push(new Deliver(1, "a", "", 2, new byte[40])));
        for (int cut = 10; cut < body.length; cut += 3) {
            ByteBuf buf = Unpooled.wrappedBuffer(body, 0, cut);
            assertThat(FastFrames.deliver(buf, new FastFrames.DeliverView())).isFalse();
        }
    }

    @Test
    void optionsParseAndRefuseNonLoopback() {
        Options o = Options.of("--server", "127.0.0.1:6000", "--find-max", "--rate=2,500");
        assertThat(o.server().getPort()).isEqualTo(6000);
        assertThat(o.flag("find-max")).isTrue();
        assertThat(o.number("rate", 0)).isEqualTo(2500);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Transport.requireLoopback(new java.net.InetSocketAddress("10.1.2.3", 5000)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void jsonIsOneLine() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("a", 1.5);
        m.put("b", "x\"y\n");
        m.put("c", List.of(1L, 2.0));
        m.put("d", Double.NaN);
        assertThat(Json.write(m)).isEqualTo("{\"a\":1.5,\"b\":\"x\\\"y\\n\",\"c\":[1,2],\"d\":null}");
    }
}
