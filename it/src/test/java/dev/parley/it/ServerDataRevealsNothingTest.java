package dev.parley.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.client.ParleyClient;
import dev.parley.client.events.ClientEvent.GroupMessageReceived;
import dev.parley.client.events.ClientEvent.MessageReceived;
import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A copy of the server's whole data folder after a full conversation holds no message text and no password. */
@Timeout(120)
class ServerDataRevealsNothingTest {
    @TempDir
    Path temp;

    @Test
    void theServerDataFolderHoldsNoPlaintextAndNoPassword() throws Exception {
        Path serverData = temp.resolve("server");
        List<String> secrets = new ArrayList<>();
        try (ParleyServer server = ParleyServer.start(ServerConfig.defaults(serverData).withHost("127.0.0.1").withPort(0));
             Accounts accounts = new Accounts(temp.resolve("clients"), server.port())) {
            ParleyClient alice = accounts.signedUp("alice");
            ParleyClient bob = accounts.signedUp("bob");
            accounts.signedUp("carol").close();
            secrets.add(Accounts.password("alice"));
            secrets.add(Accounts.password("bob"));
            secrets.add(Accounts.password("carol"));

            String direct = "the launch code is tangerine-4471";
            alice.send("bob", direct);
            bob.events().await(MessageReceived.class, Accounts.WAIT);
            secrets.add(direct);

            String waiting = "carol reads this later: mango-9902";
            alice.send("carol", waiting);
            secrets.add(waiting);

            alice.createGroup("club");
            Accounts.join(bob, "club", alice);
            String group = "club secret: papaya-1234";
            alice.sendGroup("club", group);
            bob.events().await(GroupMessageReceived.class, Accounts.WAIT);
            secrets.add(group);
        }

        List<String> findings = new ArrayList<>();
        try (Stream<Path> files = Files.walk(serverData)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                byte[] content = Files.readAllBytes(file);
                for (String secret : secrets) {
                    for (byte[] encoded : encodings(secret)) {
                        if (contains(content, encoded)) {
                            findings.add(serverData.relativize(file) + " holds \"" + secret + "\"");
                        }
                    }
                }
            }
        }
        assertThat(findings).isEmpty();
        assertThat(countFiles(serverData)).as("the check looked at the real store").isPositive();
    }

    private static List<byte[]> encodings(String secret) {
        return List.of(secret.getBytes(StandardCharsets.UTF_8), secret.getBytes(StandardCharsets.UTF_16LE),
                secret.getBytes(StandardCharsets.UTF_16BE),
                HexFormat.of().formatHex(secret.getBytes(StandardCharsets.UTF_8)).getBytes(StandardCharsets.US_ASCII));
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static long countFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).count();
        }
    }
}
