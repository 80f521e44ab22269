package dev.parley.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.wire.Frame;
import dev.parley.wire.FrameCodec;
import dev.parley.wire.Message;
import dev.parley.wire.Ok;
import dev.parley.wire.Ping;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** A request's timeout runs on the connection's own event loop and goes away with the answer. */
class ConnTest {
    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final Conn conn = new Conn(Conn.IGNORE, new BenchStats());

    ConnTest() {
        channel.pipeline().addLast(conn);
        conn.bind(channel);
    }

    @Test
    void aRequestWithoutAnAnswerTimesOutOnItsEventLoop() {
        CompletableFuture<Message> answer = conn.request(new Ping(1), 1_000);
        channel.advanceTimeBy(999, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(answer).isNotDone();

        channel.advanceTimeBy(2, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(answer).isCompletedExceptionally();
        assertThat(answer).failsWithin(0, TimeUnit.SECONDS).withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(TimeoutException.class);
    }

    @Test
    void anAnswerCompletesTheRequestAndCancelsItsTimer() throws Exception {
        CompletableFuture<Message> answer = conn.request(new Ping(1), 1_000);
        assertThat(channel.runScheduledPendingTasks()).as("the timer is pending").isNotEqualTo(-1);

        channel.writeInbound(Unpooled.wrappedBuffer(FrameCodec.encode(new Frame(Conn.CONTROL_BASE, new Ok()))));

        assertThat(answer.get(0, TimeUnit.SECONDS)).isInstanceOf(Ok.class);
        channel.runPendingTasks();
        assertThat(channel.runScheduledPendingTasks()).as("no timer left").isEqualTo(-1);
    }
}
