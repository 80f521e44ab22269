package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.client.connection.Endpoint;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ClientFlagsTest {

    @Test
    void defaultsAreLocalhost5000AndTheLocalDataFolder() throws Exception {
        ClientFlags flags = ClientFlags.parse();
        assertThat(flags.server()).isEqualTo(new Endpoint("localhost", 5000));
        assertThat(flags.dataDir()).isEqualTo(Path.of("parley-data", "clients"));
        assertThat(flags.awayAfter()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void everyOptionParsesInBothSpellings() throws Exception {
        ClientFlags flags = ClientFlags.parse("--server", "chat.example.org:6000", "--data=/tmp/d", "--downloads", "dl",
                "--ca", "ca.pem", "--away-after", "2");
        assertThat(flags.server()).isEqualTo(new Endpoint("chat.example.org", 6000));
        assertThat(flags.dataDir()).isEqualTo(Path.of("/tmp/d"));
        assertThat(flags.downloads()).isEqualTo(Path.of("dl"));
        assertThat(flags.caCertificate()).isEqualTo(Path.of("ca.pem"));
        assertThat(flags.awayAfter()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void mistakesAreOneLineNamingTheOption() {
        assertThatThrownBy(() -> ClientFlags.parse("--port", "5000"))
                .hasMessageStartingWith("unknown option '--port'; usage: ./parley client");
        assertThatThrownBy(() -> ClientFlags.parse("--server"))
                .hasMessageStartingWith("--server needs a value; usage:");
        assertThatThrownBy(() -> ClientFlags.parse("--server", "host:x"))
                .hasMessage("--server: 'x' in 'host:x' is not a port number");
        assertThatThrownBy(() -> ClientFlags.parse("--away-after", "soon"))
                .hasMessage("--away-after needs a whole number of minutes, not 'soon'");
    }
}
