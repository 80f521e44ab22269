package dev.parley.client.connection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Certificate fingerprints pinned on first use, one {@code host:port fingerprint} per line in
 * {@code <data>/known_servers}. Shared by every account in the data folder.
 */
public final class KnownServers {

    private final Path file;

    public KnownServers(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    public synchronized Optional<String> pinned(Endpoint endpoint) {
        return read().stream()
                .map(line -> line.split("\\s+"))
                .filter(parts -> parts.length >= 2 && parts[0].equals(endpoint.pinKey()))
                .map(parts -> Fingerprints.canonical(parts[1]))
                .findFirst();
    }

    /** Pins a fingerprint for a server that has none yet. */
    public synchronized void pin(Endpoint endpoint, String fingerprint) {
        List<String> lines = new ArrayList<>(read());
        lines.removeIf(line -> line.split("\\s+")[0].equals(endpoint.pinKey()));
        if (lines.isEmpty()) {
            lines.add("# Parley server certificates trusted on first use: host:port SHA-256 fingerprint.");
            lines.add("# Delete a line only if that server's operator really replaced its certificate.");
        }
        lines.add(endpoint.pinKey() + " " + Fingerprints.canonical(fingerprint));
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(temp, lines, StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private List<String> read() {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
