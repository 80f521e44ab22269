package dev.parley.server.config;

import dev.parley.server.ServerConfig;
import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Properties;

/** Reads and changes {@link ServerConfig} components by name, so every setting works in a file without a parser per key. */
public final class Settings {
    private static final RecordComponent[] COMPONENTS = ServerConfig.class.getRecordComponents();
    private static final Constructor<ServerConfig> CANONICAL = canonical();

    private Settings() {
    }

    public static void require(boolean condition, String sentence) {
        if (!condition) {
            throw new IllegalArgumentException(sentence);
        }
    }

    public static void positive(int value, String name) {
        require(value > 0, name + " must be positive");
    }

    public static void positive(Duration value, String name) {
        require(value != null && !value.isNegative() && !value.isZero(), name + " must be a positive duration");
    }

    public static Properties read(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return properties;
    }

    /** The config with one component replaced by an already typed value. */
    public static ServerConfig with(ServerConfig config, String name, Object value) {
        Object[] values = values(config);
        values[indexOf(name, "code")] = value;
        return construct(values);
    }

    /** The config with every property applied; keys are component names. */
    public static ServerConfig apply(ServerConfig config, Properties properties, String source) {
        Object[] values = values(config);
        for (String key : properties.stringPropertyNames()) {
            int index = indexOf(key.trim(), source);
            String raw = properties.getProperty(key).trim();
            try {
                values[index] = parse(COMPONENTS[index].getType(), raw);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("setting " + key.trim() + " in " + source + " has a bad value '" + raw
                        + "' (" + expected(COMPONENTS[index].getType()) + ")");
            }
        }
        return construct(values);
    }

    static Object parse(Class<?> type, String raw) {
        if (type == String.class) {
            return raw;
        }
        if (type == int.class) {
            return Math.toIntExact(parseSize(raw));
        }
        if (type == long.class) {
            return parseSize(raw);
        }
        if (type == boolean.class) {
            if (!raw.equalsIgnoreCase("true") && !raw.equalsIgnoreCase("false")) {
                throw new IllegalArgumentException("not a boolean");
            }
            return Boolean.parseBoolean(raw);
        }
        if (type == Path.class) {
            return raw.isEmpty() ? null : Path.of(raw);
        }
        if (type == Duration.class) {
            return parseDuration(raw);
        }
        throw new IllegalStateException("no parser for " + type);
    }

    /** A number with optional underscores and a KiB/MiB/GiB suffix. */
    public static long parseSize(String raw) {
        String text = raw.replace("_", "").trim();
        long unit = 1;
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.endsWith("kib")) {
            unit = 1L << 10;
        } else if (lower.endsWith("mib")) {
            unit = 1L << 20;
        } else if (lower.endsWith("gib")) {
            unit = 1L << 30;
        }
        if (unit != 1) {
            text = text.substring(0, text.length() - 3).trim();
        }
        return Math.multiplyExact(Long.parseLong(text), unit);
    }

    /** {@code 250us}, {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h}, {@code 30d}, or ISO-8601 such as {@code PT10S}. */
    public static Duration parseDuration(String raw) {
        String text = raw.trim().toLowerCase(Locale.ROOT);
        try {
            if (text.startsWith("p")) {
                return Duration.parse(raw.trim());
            }
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(e);
        }
        if (text.endsWith("us")) {
            return Duration.ofNanos(Math.multiplyExact(amount(text, 2), 1_000L));
        }
        if (text.endsWith("ms")) {
            return Duration.ofMillis(amount(text, 2));
        }
        long amount = amount(text, 1);
        return switch (text.charAt(text.length() - 1)) {
            case 's' -> Duration.ofSeconds(amount);
            case 'm' -> Duration.ofMinutes(amount);
            case 'h' -> Duration.ofHours(amount);
            case 'd' -> Duration.ofDays(amount);
            default -> throw new IllegalArgumentException("unknown unit");
        };
    }

    /** The number before a unit of {@code unitLength} characters. */
    private static long amount(String text, int unitLength) {
        return Long.parseLong(text.substring(0, text.length() - unitLength).trim());
    }

    private static String expected(Class<?> type) {
        if (type == Duration.class) {
            return "a duration such as 10s, 500ms, 2m, 1h or 30d";
        }
        if (type == int.class || type == long.class) {
            return "a whole number";
        }
        if (type == boolean.class) {
            return "true or false";
        }
        return "text";
    }

    private static int indexOf(String name, String source) {
        for (int i = 0; i < COMPONENTS.length; i++) {
            if (COMPONENTS[i].getName().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("unknown setting '" + name + "' in " + source);
    }

    private static Object[] values(ServerConfig config) {
        Object[] values = new Object[COMPONENTS.length];
        for (int i = 0; i < COMPONENTS.length; i++) {
            try {
                values[i] = COMPONENTS[i].getAccessor().invoke(config);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return values;
    }

    private static ServerConfig construct(Object[] values) {
        try {
            return CANONICAL.newInstance(values);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Constructor<ServerConfig> canonical() {
        Class<?>[] types = new Class<?>[COMPONENTS.length];
        for (int i = 0; i < COMPONENTS.length; i++) {
            types[i] = COMPONENTS[i].getType();
        }
        try {
            return ServerConfig.class.getDeclaredConstructor(types);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }
}
