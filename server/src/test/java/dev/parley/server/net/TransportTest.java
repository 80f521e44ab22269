package dev.parley.server.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.server.ParleyServer;
import dev.parley.server.ServerStartException;
import dev.parley.server.testing.TestClient;
import dev.parley.server.testing.TestServers;
import dev.parley.wire.Accepted;
import dev.parley.wire.Ack;
import dev.parley.wire.Deliver;
import dev.parley.wire.Ok;
import dev.parley.wire.QueueDrained;
import dev.parley.wire.Receipt;
import dev.parley.wire.Send;
import io.netty.channel.uring.IoUring;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every network transport the server can be told to use carries a whole message round trip over real TLS sockets. */
@Timeout(60)
class TransportTest {
    @TempDir
    Path data;

    @ParameterizedTest
    @ValueSource(strings = {"auto", "epoll", "io_uring", "nio"})
    void aMessageGoesRoundTripOnEachTransport(String name) throws Exception {
        if (name.equals("io_uring") && !IoUring.isAvailable()) {
            assertThatThrownBy(() -> ParleyServer.start(TestServers.config(data).withTransport(name)))
                    .isInstanceOf(ServerStartException.class)
                    .hasMessageContaining("io_uring transport is not available");
            return;
        }
        try (ParleyServer server = ParleyServer.start(TestServers.config(data).withTransport(name));
             TestClient alice = TestClient.connect(server.port());
             TestClient bob = TestClient.connect(server.port())) {
            alice.signUp("alice", "correct horse");
            bob.signUp("bob", "battery staple");
            bob.push(QueueDrained.class);
            byte[] hello = "hello over " .concat(name).getBytes(StandardCharsets.UTF_8);
            Accepted accepted = alice.expect(new Send("bob", 1, hello), Accepted.class);
            Deliver deliver = bob.push(Deliver.class);
            assertThat(deliver.messageId()).isEqualTo(accepted.messageId());
            assertThat(deliver.payload()).isEqualTo(hello);
            bob.expect(new Ack(List.of(deliver.messageId())), Ok.class);
            assertThat(alice.push(Receipt.class).messageId()).isEqualTo(accepted.messageId());
        }
    }
}
