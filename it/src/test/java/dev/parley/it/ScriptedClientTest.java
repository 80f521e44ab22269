package dev.parley.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The command-line client as users script it: commands on standard input, events as lines on standard output. */
@Timeout(180)
class ScriptedClientTest {
    @TempDir
    Path temp;

    ParleyServer server;

    record Run(int exitCode, String output) {
    }

    @BeforeEach
    void start() throws Exception {
        server = ParleyServer.start(ServerConfig.defaults(temp.resolve("server")).withHost("127.0.0.1").withPort(0));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void twoScriptedClientsSignUpAndTalk() throws Exception {
        Run aliceSignsUp = client("alice-data", "SIGNUP alice alice-secret-1\n");
        assertThat(aliceSignsUp.output()).contains("signed up and signed in as alice");
        assertThat(aliceSignsUp.exitCode()).isZero();

        Run bob = client("bob-data", """
                SIGNUP bob bob-secret-22
                SEND alice hello from a script
                CREATE friends
                LIST
                """);
        assertThat(bob.output()).contains("signed up and signed in as bob", "✓ sent to alice", "created #friends and joined it",
                "#friends: 1 member");
        assertThat(bob.exitCode()).isZero();

        Run aliceReads = client("alice-data", """
                LOGIN alice alice-secret-1
                HISTORY bob 5
                """);
        assertThat(aliceReads.output()).contains("signed in as alice").containsPattern("\\[\\d\\d:\\d\\d:\\d\\d] bob: hello from a script");
        assertThat(aliceReads.exitCode()).isZero();
    }

    @Test
    void mistakesGetOnePlainLineAndNeverAStackTrace() throws Exception {
        client("alice-data", "SIGNUP alice alice-secret-1\n");
        Run run = client("alice-data", """
                LOGIN alice not-the-password
                FROBNICATE now
                SEND
                SIGNUP x
                QUIT
                """);
        assertThat(run.output()).contains("error: wrong username or password");
        assertThat(run.output()).containsIgnoringCase("unknown command");
        assertThat(run.output()).contains("SEND <username> <message>");
        assertThat(run.output()).doesNotContain("Exception", "\tat ");
    }

    private Run client(String dataFolder, String script) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "dev.parley.cli.Main", "client", "--server", "127.0.0.1:" + server.port(),
                "--data", temp.resolve(dataFolder).toString())
                .redirectErrorStream(true)
                .start();
        process.getOutputStream().write(script.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
