package dev.parley.server.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.persist.Effects;
import dev.parley.server.state.Account;
import dev.parley.server.state.Connection;
import dev.parley.wire.Frame;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a client hears when the store cannot delete acknowledged messages (a full disk, say). */
class AckOpTest {
    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final Connection bob = new Connection(channel, "127.0.0.1", System.nanoTime());
    private final Account account = new Account(1, "bob", "not a real hash", 0);
    private final RoutingLimits limits = new RoutingLimits(100, 1_000_000, 100, false);

    @Test
    void anAckSentWithoutAnIdIsNotAnsweredWhenStoringItFails() {
        Effects effects = new Effects();
        new AckOp(limits, bob, Frame.PUSH, account, List.of(41L, 42L)).failed(effects, new RuntimeException("disk full"));
        assertThat(effects.isEmpty()).as("no Error for an Ack whose sender asked for no answer").isTrue();
    }

    @Test
    void anAckWithAnIdIsToldThatStoringItFailed() {
        Effects effects = new Effects();
        new AckOp(limits, bob, 7, account, List.of(41L, 42L)).failed(effects, new RuntimeException("disk full"));
        assertThat(effects.isEmpty()).as("an Error answers the request").isFalse();
    }
}
