package dev.parley.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

class FrameCodecPropertiesTest {

    @Property(tries = 300)
    void randomBytesOnlyEverFailAsMalformed(@ForAll @Size(max = 300) byte[] garbage) {
        try {
            Frame frame = FrameCodec.decode(garbage);
            assertThat(FrameCodec.encode(frame)).isEqualTo(garbage);
        } catch (MalformedFrameException expected) {
            // the only failure a hostile peer can cause
        }
    }

    @Property(tries = 300)
    void mutatedValidFramesOnlyEverFailAsMalformed(@ForAll("frames") Frame frame, @ForAll int position, @ForAll byte value) {
        byte[] encoded = FrameCodec.encode(frame);
        encoded[Math.floorMod(position, encoded.length)] = value;
        try {
            FrameCodec.decode(encoded);
        } catch (MalformedFrameException expected) {
            // fine
        }
    }

    @Property(tries = 300)
    void sendAndDeliverRoundTrip(@ForAll("frames") Frame frame) throws MalformedFrameException {
        assertThat(FrameCodec.decode(FrameCodec.encode(frame))).isEqualTo(frame);
    }

    @Provide
    Arbitrary<Frame> frames() {
        Arbitrary<String> names = Arbitraries.strings().ofMinLength(0).ofMaxLength(20);
        Arbitrary<byte[]> payloads = Arbitraries.bytes().array(byte[].class).ofMaxSize(2000);
        Arbitrary<Long> ids = Arbitraries.longs();
        Arbitrary<Message> send = Combinators.combine(names, ids, payloads).as(Send::new);
        Arbitrary<Message> deliver = Combinators.combine(ids, names, names, ids, payloads).as(Deliver::new);
        Arbitrary<Message> members = Combinators.combine(names, names, Arbitraries.of(true, false), names.list().ofMaxSize(10))
                .as(MembershipChanged::new);
        Arbitrary<Message> ack = ids.list().ofMaxSize(50).map(Ack::new);
        Arbitrary<Message> fixed = Arbitraries.of(SampleMessages.all());
        return Combinators.combine(ids, Arbitraries.oneOf(List.of(send, deliver, members, ack, fixed))).as(Frame::new);
    }
}
