package dev.parley.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.client.ParleyClient;
import dev.parley.client.events.ClientEvent.FileReceived;
import dev.parley.client.events.ClientEvent.GroupMessageReceived;
import dev.parley.client.events.ClientEvent.MessageReceived;
import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * After a full conversation — direct messages both ways, a group with messages from two members, and
 * a group file that one member downloaded while another is still offline (so its ciphertext is still
 * on the server) — no byte string of a private identity key, one-time or signed prekey, sender (group)
 * chain or signing key, or of the file's content is anywhere in a copy of the server's data folder.
 * The secrets are read from the clients' own stores, so the test looks for the real keys. (A file key
 * travels only inside the end-to-end encrypted offer and the receiver wipes its copy once the file is
 * saved, so there is none left to read back; a key still in a pending download is checked.)
 * (Messages and passwords: {@link ServerDataRevealsNothingTest}.)
 */
@Timeout(180)
class ServerDataHoldsNoKeysTest {
    @TempDir
    Path temp;

    record Secret(String what, byte[] bytes) {
    }

    @Test
    void theServerDataFolderHoldsNoPrivateKeyGroupKeyFileKeyOrFileContent() throws Exception {
        Path serverData = temp.resolve("server");
        byte[] content = new byte[300_000];
        new Random(7).nextBytes(content);
        Path file = temp.resolve("holiday.bin");
        Files.write(file, content);
        Path clients = temp.resolve("clients");
        try (ParleyServer server = ParleyServer.start(ServerConfig.defaults(serverData).withHost("127.0.0.1").withPort(0));
             Accounts accounts = new Accounts(clients, server.port())) {
            ParleyClient alice = accounts.signedUp("alice");
            ParleyClient bob = accounts.signedUp("bob");
            ParleyClient carol = accounts.signedUp("carol");
            alice.send("bob", "hello bob");
            bob.events().await(MessageReceived.class, Accounts.WAIT);
            bob.send("alice", "hello alice");
            alice.events().await(MessageReceived.class, Accounts.WAIT);
            alice.createGroup("club");
            Accounts.join(bob, "club", alice);
            Accounts.join(carol, "club", alice, bob);
            alice.sendGroup("club", "from alice");
            bob.events().await(GroupMessageReceived.class, Accounts.WAIT);
            bob.sendGroup("club", "from bob");
            alice.events().await(GroupMessageReceived.class, Accounts.WAIT);
            carol.close();
            alice.sendGroupFile("club", file);
            FileReceived got = bob.events().await(FileReceived.class, Accounts.WAIT.multipliedBy(3));
            assertThat(Files.readAllBytes(got.file().path())).isEqualTo(content);
        }

        List<Secret> secrets = new ArrayList<>();
        for (String person : List.of("alice", "bob", "carol")) {
            secrets.addAll(secretsOf(person, clients.resolve(person).resolve(person).resolve("client.db")));
        }
        for (int offset : new int[] {0, 1_000, 65_536, 131_072, 299_000}) {
            secrets.add(new Secret("file content at " + offset, Arrays.copyOfRange(content, offset, offset + 32)));
        }
        assertThat(secrets).as("the test found the keys it looks for")
                .anyMatch(s -> s.what().startsWith("sender chain key"))
                .anyMatch(s -> s.what().startsWith("sender signing key"))
                .anyMatch(s -> s.what().startsWith("one-time prekey"))
                .anyMatch(s -> s.what().startsWith("signed prekey"))
                .anyMatch(s -> s.what().startsWith("identity"));

        // every form of every secret, found by its first 8 bytes in one pass over each file
        java.util.Map<Long, List<Object[]>> byPrefix = new java.util.HashMap<>();
        for (Secret secret : secrets) {
            for (byte[] form : forms(secret.bytes())) {
                byPrefix.computeIfAbsent(prefix(form, 0), k -> new ArrayList<>()).add(new Object[] {secret, form});
            }
        }
        List<String> findings = new ArrayList<>();
        int filesLookedAt = 0;
        long bytesLookedAt = 0;
        try (Stream<Path> files = Files.walk(serverData)) {
            for (Path stored : files.filter(Files::isRegularFile).toList()) {
                byte[] bytes = Files.readAllBytes(stored);
                filesLookedAt++;
                bytesLookedAt += bytes.length;
                for (int i = 0; i + 8 <= bytes.length; i++) {
                    List<Object[]> candidates = byPrefix.get(prefix(bytes, i));
                    if (candidates == null) {
                        continue;
                    }
                    for (Object[] candidate : candidates) {
                        byte[] form = (byte[]) candidate[1];
                        if (i + form.length <= bytes.length && Arrays.equals(bytes, i, i + form.length, form, 0, form.length)) {
                            findings.add(serverData.relativize(stored) + " holds the " + ((Secret) candidate[0]).what());
                        }
                    }
                }
            }
        }
        System.out.printf("server data folder check: %d files, %d bytes, %d secrets looked for, %d found%n",
                filesLookedAt, bytesLookedAt, secrets.size(), findings.size());
        assertThat(findings).isEmpty();
        assertThat(bytesLookedAt).as("the file's ciphertext was still on the server").isGreaterThan(content.length);
    }

    /** The private parts of everything a client keeps, cut out of its records by their documented layouts (docs/CRYPTO.md). */
    private static List<Secret> secretsOf(String person, Path db) throws Exception {
        List<Secret> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery("SELECT value FROM meta WHERE key = 'identity_key_pair'")) {
                while (r.next()) {
                    byte[] pair = r.getBytes(1);
                    out.add(new Secret("identity X25519 private key of " + person, Arrays.copyOfRange(pair, 1, 33)));
                    out.add(new Secret("identity Ed25519 seed of " + person, Arrays.copyOfRange(pair, 33, 65)));
                }
            }
            try (ResultSet r = s.executeQuery("SELECT record FROM prekeys")) {
                while (r.next()) {
                    out.add(new Secret("one-time prekey private key of " + person, Arrays.copyOfRange(r.getBytes(1), 5, 37)));
                }
            }
            try (ResultSet r = s.executeQuery("SELECT record FROM signed_prekeys")) {
                while (r.next()) {
                    out.add(new Secret("signed prekey private key of " + person, Arrays.copyOfRange(r.getBytes(1), 13, 45)));
                }
            }
            try (ResultSet r = s.executeQuery("SELECT sender, record FROM sender_keys")) {
                while (r.next()) {
                    byte[] record = r.getBytes(2);
                    String whose = r.getString(1) + "'s key held by " + person;
                    out.add(new Secret("sender chain key: " + whose, Arrays.copyOfRange(record, 18, 50)));
                    if (record[86] == 1) {
                        out.add(new Secret("sender signing key: " + whose, Arrays.copyOfRange(record, 87, 119)));
                    }
                }
            }
            // a finished download wipes its file key; one still in the table is checked too
            try (ResultSet r = s.executeQuery("SELECT file_key FROM downloads WHERE length(file_key) = 33")) {
                while (r.next()) {
                    out.add(new Secret("file key received by " + person, Arrays.copyOfRange(r.getBytes(1), 1, 33)));
                }
            }
        }
        return out;
    }

    private static List<byte[]> forms(byte[] secret) {
        HexFormat hex = HexFormat.of();
        return List.of(secret, hex.formatHex(secret).getBytes(), hex.withUpperCase().formatHex(secret).getBytes(),
                java.util.Base64.getEncoder().withoutPadding().encode(secret));
    }

    private static long prefix(byte[] bytes, int at) {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (bytes[at + i] & 0xFF);
        }
        return value;
    }
}
