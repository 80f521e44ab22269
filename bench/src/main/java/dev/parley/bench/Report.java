package dev.parley.bench;

import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a run prints: a readable table, then exactly one JSON line with the parameters and every figure. */
public final class Report {
    public final String workload;
    public final Map<String, Object> params = new LinkedHashMap<>();
    public final Map<String, Object> results = new LinkedHashMap<>();
    public final Map<String, Object> cpu = new LinkedHashMap<>();
    public final Map<String, Object> environment = new LinkedHashMap<>();
    public final List<Map<String, Object>> steps = new ArrayList<>();
    private final List<String[]> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final String started = Instant.now().toString();

    public Report(String workload) {
        this.workload = workload;
    }

    public Report row(String figure, Object value, String goal) {
        rows.add(new String[]{figure, format(value), goal == null ? "" : goal});
        return this;
    }

    public Report note(String note) {
        notes.add(note);
        return this;
    }

    /** A result figure by name (for tests), or null. */
    public Object get(String name) {
        return results.get(name);
    }

    public long getLong(String name) {
        Object v = results.get(name);
        return v instanceof Number n ? n.longValue() : -1;
    }

    public void print(PrintStream out) {
        int w0 = "figure".length();
        int w1 = "value".length();
        for (String[] r : rows) {
            w0 = Math.max(w0, r[0].length());
            w1 = Math.max(w1, r[1].length());
        }
        out.println();
        out.println("Parley " + workload + " — " + started);
        String line = "+" + "-".repeat(w0 + 2) + "+" + "-".repeat(w1 + 2) + "+" + "-".repeat(24) + "+";
        out.println(line);
        out.printf("| %-" + w0 + "s | %" + w1 + "s | %-22s |%n", "figure", "value", "goal / peer");
        out.println(line);
        for (String[] r : rows) {
            out.printf("| %-" + w0 + "s | %" + w1 + "s | %-22s |%n", r[0], r[1], r[2]);
        }
        out.println(line);
        for (String n : notes) {
            out.println("  " + n);
        }
        out.println(json());
        out.flush();
    }

    public String json() {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("bench", "parley");
        all.put("workload", workload);
        all.put("started", started);
        all.put("params", params);
        all.put("results", results);
        all.put("cpu", cpu);
        if (!steps.isEmpty()) {
            all.put("steps", steps);
        }
        all.put("environment", environment);
        return Json.write(all);
    }

    static String format(Object v) {
        if (v == null) {
            return "n/a";
        }
        if (v instanceof Double d) {
            if (d.isNaN()) {
                return "n/a";
            }
            if (Math.abs(d) >= 1000) {
                return String.format(java.util.Locale.ROOT, "%,.0f", d);
            }
            if (Math.abs(d) >= 10) {
                return String.format(java.util.Locale.ROOT, "%.1f", d);
            }
            return String.format(java.util.Locale.ROOT, "%.3f", d);
        }
        if (v instanceof Long || v instanceof Integer) {
            return String.format(java.util.Locale.ROOT, "%,d", ((Number) v).longValue());
        }
        return v.toString();
    }
}
