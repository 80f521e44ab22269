package dev.parley.server.store.sqlite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** For the JMH benchmarks' temporary database folders (JMH has no {@code @TempDir}). */
final class BenchmarkFolder {
    private BenchmarkFolder() {
    }

    /** Deletes the folder and everything in it. */
    static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
