package dev.parley.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.server.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerConfigTest {
    @TempDir
    Path dir;

    @Test
    void defaultsAreTheDocumentedOnes() {
        ServerConfig config = ServerConfig.defaults(dir);
        assertThat(config.port()).isEqualTo(5000);
        assertThat(config.host()).isEqualTo("0.0.0.0");
        assertThat(config.maxGroupMembers()).isEqualTo(1024);
        assertThat(config.maxGroupsPerUser()).isEqualTo(256);
        assertThat(config.messagesPerSecond()).isEqualTo(200);
        assertThat(config.messageBurst()).isEqualTo(400);
        assertThat(config.maxConnectionsPerAddress()).isEqualTo(64);
        assertThat(config.signInTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.synchronous()).isEqualTo("FULL");
        assertThat(config.commitInterval()).isEqualTo(Duration.ofMillis(1));
        assertThat(config.databaseFile()).isEqualTo(dir.resolve("parley.db"));
    }

    @Test
    void everySettingCanComeFromAPropertiesFile() throws Exception {
        Path file = dir.resolve("server.properties");
        Files.writeString(file, """
                port = 6000
                messagesPerSecond = 25_000
                idleTimeout = 2m
                maxQueuedBytesPerUser = 64MiB
                groupReceipts = false
                dataDir = /var/lib/parley
                commitInterval = 250us
                """);
        ServerConfig config = ServerConfig.load(file, dir);
        assertThat(config.port()).isEqualTo(6000);
        assertThat(config.messagesPerSecond()).isEqualTo(25_000);
        assertThat(config.idleTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.maxQueuedBytesPerUser()).isEqualTo(64L << 20);
        assertThat(config.groupReceipts()).isFalse();
        assertThat(config.dataDir()).isEqualTo(Path.of("/var/lib/parley"));
        assertThat(config.commitInterval()).isEqualTo(Duration.ofNanos(250_000));
    }

    @Test
    void unknownKeysAndBadValuesAreNamedInTheError() throws Exception {
        Path file = dir.resolve("bad.properties");
        Files.writeString(file, "prot = 6000\n");
        assertThatThrownBy(() -> ServerConfig.load(file, dir)).hasMessage("unknown setting 'prot' in " + file);
        assertThatThrownBy(() -> ServerConfig.defaults(dir).with("idleTimeout", "soon"))
                .hasMessage("setting idleTimeout in the setting idleTimeout has a bad value 'soon' (a duration such as 10s, 500ms, 2m, 1h or 30d)");
        assertThatThrownBy(() -> ServerConfig.defaults(dir).withPort(70_000)).hasMessage("port must be between 0 and 65535");
        assertThatThrownBy(() -> ServerConfig.defaults(dir).withMaxFrameBytes(2 << 20)).hasMessageContaining("maxFrameBytes");
        assertThatThrownBy(() -> ServerConfig.defaults(dir).with("commitInterval", "2s")).hasMessage("commitInterval must be between 0 and 1s");
    }

    @Test
    void withersChangeOnlyTheirSetting() {
        ServerConfig base = ServerConfig.defaults(dir);
        ServerConfig changed = base.withMessageRate(5_000, 10_000).withHost("127.0.0.1");
        assertThat(changed.messagesPerSecond()).isEqualTo(5_000);
        assertThat(changed.messageBurst()).isEqualTo(10_000);
        assertThat(changed.host()).isEqualTo("127.0.0.1");
        assertThat(changed.withMessageRate(200, 400).withHost("0.0.0.0")).isEqualTo(base);
    }
}
