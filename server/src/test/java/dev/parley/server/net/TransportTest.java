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
import dev.parley.wire.Frame;
import dev.parley.wire.Limits;
import dev.parley.wire.Ok;
import dev.parley.wire.Ping;
import dev.parley.wire.Pong;
import dev.parley.wire.QueueDrained;
import dev.parley.wire.Receipt;
import dev.parley.wire.Send;
import io.netty.channel.uring.IoUring;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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

    /**
     * More connections than a loop's read-buffer ring holds, each with half a frame waiting, then the rest of it;
     * and the largest payload the protocol allows, which arrives in many reads.
     */
    @ParameterizedTest
    @ValueSource(strings = {"auto", "epoll", "io_uring", "nio"})
    void manyConnectionsWithHalfAFrameEachAndTheLargestPayload(String name) throws Exception {
        if (name.equals("io_uring") && !IoUring.isAvailable()) {
            return; // the test above checks the error
        }
        List<TestClient> clients = new ArrayList<>();
        try (ParleyServer server = ParleyServer.start(TestServers.config(data).withTransport(name).withMaxConnectionsPerAddress(400))) {
            for (int i = 0; i < 300; i++) {
                clients.add(TestClient.connect(server.port()));
            }
            List<byte[]> pings = new ArrayList<>();
            for (int i = 0; i < clients.size(); i++) {
                byte[] framed = TestClient.framed(new Frame(1, new Ping(i)));
                pings.add(framed);
                clients.get(i).sendRaw(Arrays.copyOf(framed, framed.length / 2));
            }
            for (int i = 0; i < clients.size(); i++) {
                byte[] framed = pings.get(i);
                clients.get(i).sendRaw(Arrays.copyOfRange(framed, framed.length / 2, framed.length));
            }
            for (int i = 0; i < clients.size(); i++) {
                assertThat(clients.get(i).await(1)).isEqualTo(new Pong(i));
            }

            TestClient alice = clients.get(0);
            TestClient bob = clients.get(1);
            alice.signUp("alice", "correct horse");
            bob.signUp("bob", "battery staple");
            bob.push(QueueDrained.class);
            byte[] largest = TestClient.random(Limits.MAX_PAYLOAD_BYTES);
            Accepted accepted = alice.expect(new Send("bob", 1, largest), Accepted.class);
            Deliver deliver = bob.push(Deliver.class);
            assertThat(deliver.messageId()).isEqualTo(accepted.messageId());
            assertThat(deliver.payload()).isEqualTo(largest);
        } finally {
            clients.forEach(TestClient::close);
        }
    }
}
