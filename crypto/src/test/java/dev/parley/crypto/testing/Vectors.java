package dev.parley.crypto.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads CAVP-style vector files from test resources: blank-line separated records of
 * {@code NAME = value} lines, {@code #} comments, and {@code [SECTION]} headers (stored as "SECTION").
 */
public final class Vectors {
    private Vectors() {}

    public static List<Map<String, String>> load(String resource) {
        String text;
        try (InputStream in = Vectors.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalArgumentException("missing test resource " + resource);
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Map<String, String>> records = new ArrayList<>();
        Map<String, String> current = new LinkedHashMap<>();
        String section = "";
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.startsWith("#")) continue;
            if (line.isEmpty()) {
                if (!current.isEmpty()) records.add(current);
                current = new LinkedHashMap<>();
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                section = line.substring(1, line.length() - 1);
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) throw new IllegalArgumentException("bad vector line: " + line);
            if (current.isEmpty()) current.put("SECTION", section);
            current.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
        }
        if (!current.isEmpty()) records.add(current);
        return records;
    }
}
