package dev.parley.bench;

import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** {@code --name value} and {@code --flag} arguments; unknown names are an error, not silently ignored. */
public final class Options {
    private final Map<String, String> values = new LinkedHashMap<>();
    private final Set<String> used = new HashSet<>();

    public static Options parse(String[] args, int from) {
        Options o = new Options();
        for (int i = from; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--") || a.length() < 3) {
                throw new IllegalArgumentException("unexpected argument '" + a + "' (flags look like --name value)");
            }
            String name = a.substring(2);
            String value = "true";
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                value = args[++i];
            }
            o.values.put(name, value);
        }
        return o;
    }

    public static Options of(String... args) {
        return parse(args, 0);
    }

    public String string(String name, String fallback) {
        used.add(name);
        return values.getOrDefault(name, fallback);
    }

    public boolean flag(String name) {
        used.add(name);
        String v = values.get(name);
        return v != null && !v.equals("false");
    }

    public int integer(String name, int fallback) {
        String v = string(name, null);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.replace("_", "").replace(",", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " needs a whole number, not '" + v + "'");
        }
    }

    public double number(String name, double fallback) {
        String v = string(name, null);
        if (v == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(v.replace("_", "").replace(",", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " needs a number, not '" + v + "'");
        }
    }

    /** Seconds, as a number: "30", "2.5". */
    public double seconds(String name, double fallback) {
        String v = string(name, null);
        if (v == null) {
            return fallback;
        }
        String t = v.endsWith("s") ? v.substring(0, v.length() - 1) : v;
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " needs seconds, e.g. 30 or 2.5s, not '" + v + "'");
        }
    }

    public InetSocketAddress server() {
        String v = string("server", "127.0.0.1:5000");
        int colon = v.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("--server needs HOST:PORT, not '" + v + "'");
        }
        String host = v.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(v.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--server needs HOST:PORT, not '" + v + "'");
        }
        return new InetSocketAddress(host, port);
    }

    /** Fails, before anything runs, on a flag that is not in {@code known}. */
    public void requireKnown(java.util.Collection<String> known) {
        for (String name : values.keySet()) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown flag --" + name);
            }
        }
    }

    /** Fails on any flag that no part of the workload asked for. */
    public void requireAllUsed() {
        for (String name : values.keySet()) {
            if (!used.contains(name)) {
                throw new IllegalArgumentException("unknown flag --" + name);
            }
        }
    }
}
