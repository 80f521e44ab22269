package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerMainTest {
    @TempDir
    Path dir;

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    int run(String... args) {
        return ServerMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    String errors() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void flagsOverrideTheConfigFile() throws Exception {
        Path file = dir.resolve("s.properties");
        Files.writeString(file, "port=6000\nhost=127.0.0.1\nmessagesPerSecond=9\n");
        ServerConfig config = ServerMain.parse(new String[] {"--config", file.toString(), "--port", "7000", "--data", "d"});
        assertThat(config.port()).isEqualTo(7000);
        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.messagesPerSecond()).isEqualTo(9);
        assertThat(config.dataDir()).isEqualTo(Path.of("d"));
        assertThat(ServerMain.parse(new String[0]).dataDir()).isEqualTo(Path.of("parley-data", "server"));
    }

    @Test
    void aPortInUseIsOneClearSentenceAndStatusOne() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            int status = run("--host", "127.0.0.1", "--port", Integer.toString(taken.getLocalPort()), "--data", dir.toString());
            assertThat(status).isEqualTo(1);
            assertThat(errors().strip()).isEqualTo("parley server: port " + taken.getLocalPort()
                    + " on 127.0.0.1 is already in use; stop the other program or choose another port with --port");
        }
    }

    @Test
    void anUnusableDataFolderIsOneClearSentence() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-folder"), "x");
        int status = run("--host", "127.0.0.1", "--port", "0", "--data", file.resolve("server").toString());
        assertThat(status).isEqualTo(1);
        assertThat(errors().strip()).startsWith("parley server: cannot use the data folder ").endsWith("choose another with --data");
        assertThat(errors().lines()).hasSize(1);
    }

    @Test
    void aSecondServerOnTheSameDataFolderIsRefused() throws Exception {
        try (ParleyServer first = ParleyServer.start(ServerConfig.defaults(dir).withHost("127.0.0.1").withPort(0))) {
            int status = run("--host", "127.0.0.1", "--port", "0", "--data", dir.toString());
            assertThat(status).isEqualTo(1);
            assertThat(errors().strip()).isEqualTo("parley server: another Parley server is already using the data folder " + dir.toAbsolutePath());
            assertThat(first.port()).isPositive();
        }
    }

    @Test
    void badFlagsPrintTheUsage() {
        assertThat(run("--port")).isEqualTo(2);
        assertThat(errors()).contains("--port needs a value").contains("usage: parley server");
        assertThat(run("--colour")).isEqualTo(2);
        assertThat(errors()).contains("unknown option '--colour'");
    }
}
