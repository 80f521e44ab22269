package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.client.ClientOptions;
import dev.parley.client.ParleyClient;
import dev.parley.client.events.ClientEvent;
import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The scripting mode against a real server: commands in, stable lines out. */
@Timeout(60)
class ScriptedTest {

    @TempDir
    Path dir;

    ParleyServer server;

    @BeforeEach
    void start() throws Exception {
        server = ParleyServer.start(ServerConfig.defaults(dir.resolve("server")).withHost("127.0.0.1").withPort(0)
                .withArgon2(1024, 1, 1));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private ClientOptions options() {
        return ClientOptions.of("127.0.0.1", server.port(), dir.resolve("clients")).withCollectedEvents(0);
    }

    private List<String> script(String input) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ParleyClient client = ParleyClient.open(options());
             PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            int status = new Scripted(client, new BufferedReader(new StringReader(input)), out, Duration.ZERO).run();
            assertThat(status).isZero();
        }
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void aScriptSignsUpSendsAndReadsItsResultsInOrder() throws Exception {
        try (ParleyClient bob = ParleyClient.open(ClientOptions.of("127.0.0.1", server.port(), dir.resolve("bob")))) {
            bob.signUp("bob", "bob's password");
            List<String> lines = script("""
                    SIGNUP alice alice's password
                    SEND bob hello   bob
                    send nobody hi
                    HISTORY bob
                    CREATE friends
                    LIST
                    SENDGROUP friends hi all
                    JOIN
                    QUIT
                    """);
            assertThat(lines.getFirst()).startsWith("* trusting the server 127.0.0.1:" + server.port()
                    + " on first use (certificate SHA-256 " + server.certificateFingerprint() + ")");
            assertThat(lines.subList(1, lines.size())).containsSubsequence(
                    "signed up and signed in as alice",
                    "✓ sent to bob",
                    "! not sent to nobody: there is no user called nobody",
                    "created #friends and joined it",
                    "#friends: 1 member",
                    "✓ sent to #friends",
                    "error: usage: JOIN <group>");
            assertThat(lines).anyMatch(l -> l.matches("\\[\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d] alice: hello   bob ✓✓?"));
            assertThat(bob.events().await(ClientEvent.MessageReceived.class, Duration.ofSeconds(10)).message().text())
                    .isEqualTo("hello   bob");
        }
        List<String> again = script("""
                LOGIN alice
                LOGIN alice
                HISTORY bob 1
                LOGOUT
                LOGIN alice
                SEND bob are you there?
                """);
        assertThat(again).containsSubsequence(
                "signed in as alice (session resumed)",
                "error: already signed in as alice; sign out first",
                "signed out",
                "error: no saved session for alice on this device; usage: LOGIN <username> <password>",
                "error: sign in first");
        assertThat(again).anyMatch(l -> l.endsWith("alice: hello   bob ✓✓"));
    }
}
