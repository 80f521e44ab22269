package dev.parley.bench;

import java.util.List;
import java.util.Map;

/** Runs a {@link RateLoad} once at a fixed rate, or steps the rate up to find the highest one sustained. */
final class RateDriver {
    private RateDriver() {
    }

    /**
     * One fixed-rate run ({@code --rate}, {@code --warmup}, {@code --duration}), or with {@code --find-max} a
     * warm-up at the start rate ({@code --warmup}, not measured) and then a series of short steps: the rate grows by {@code --factor} while a step passes (no loss, no errors,
     * p99 ≤ {@code --max-p99-ms}), then {@code --refine} bisection steps between the last pass and the first
     * failure. Bounded by {@code --max-steps} and the run's deadline.
     */
    static void drive(Context ctx, RateLoad load, Report r, double defaultRate, String unit, long deadlineNanos) {
        Options o = ctx.options;
        double drain = o.seconds("drain", 10);
        boolean findMax = o.flag("find-max");
        double rate = o.number("rate", defaultRate);
        if (rate <= 0) {
            throw new IllegalArgumentException("--rate must be positive");
        }
        r.params.put("drain_s", drain);
        if (!findMax) {
            double warmup = o.seconds("warmup", 15);
            double duration = o.seconds("duration", 30);
            r.params.put("rate", rate);
            r.params.put("warmup_s", warmup);
            r.params.put("duration_s", duration);
            ctx.log.printf("  running %.0f %s/s for %.0f s after %.0f s warm-up%n", rate, unit, duration, warmup);
            Map<String, Object> m = load.step(rate, warmup, duration, drain);
            r.results.putAll(m);
            return;
        }
        double warmup = o.seconds("step-warmup", 2);
        double duration = o.seconds("step-duration", 10);
        double factor = o.number("factor", 1.25);
        int refine = o.integer("refine", 3);
        int maxSteps = o.integer("max-steps", 24);
        double maxP99 = o.number("max-p99-ms", 100);
        double pause = o.seconds("pause", 2);
        r.params.put("find_max", true);
        r.params.put("start_rate", rate);
        r.params.put("step_warmup_s", warmup);
        r.params.put("step_duration_s", duration);
        r.params.put("factor", factor);
        r.params.put("refine", refine);
        r.params.put("max_p99_ms", maxP99);
        double initialWarmup = o.seconds("warmup", 15);
        r.params.put("warmup_s", initialWarmup);
        if (initialWarmup > 0) {
            // a fresh server compiles for its first tens of seconds: without this its first step fails on JIT
            // pauses and the search bisects below what the warm server sustains
            ctx.log.printf("  warm-up: %,.0f %s/s for %.0f s, not measured%n", rate, unit, initialWarmup);
            load.step(rate, initialWarmup, 1, drain);
            Context.sleep(pause);
        }
        double lastPass = -1;
        double firstFail = -1;
        Map<String, Object> best = null;
        int refined = 0;
        for (int i = 0; i < maxSteps; i++) {
            double stepSeconds = warmup + duration + drain + pause + 2;
            if (System.nanoTime() + (long) (stepSeconds * 1e9) > deadlineNanos) {
                r.note("stopped stepping: the next step would pass the run's deadline (--deadline)");
                break;
            }
            Map<String, Object> m = load.step(rate, warmup, duration, drain);
            boolean pass = RateLoad.passes(m, maxP99);
            m.put("pass", pass);
            r.steps.add(m);
            @SuppressWarnings("unchecked")
            Map<String, Object> lat = (Map<String, Object>) m.get("latency_ms");
            ctx.log.printf("  step %d: %,.0f %s/s → delivered %,.0f/s, p99 %s ms, lost %s, errors %s, unanswered %s: %s%n",
                    i + 1, rate, unit, (Double) m.get("delivered_per_s"), Report.format(lat.get("p99")), m.get("lost"),
                    m.get("send_errors"), m.get("unanswered"), pass ? "pass" : "FAIL");
            if (pass) {
                lastPass = rate;
                best = m;
            } else {
                firstFail = rate;
            }
            if (firstFail < 0) {
                rate = rate * factor;
            } else if (lastPass < 0) {
                rate = rate / factor / factor;
                if (rate < 1) {
                    break;
                }
            } else {
                if (refined++ >= refine || (firstFail - lastPass) / lastPass < 0.03) {
                    break;
                }
                rate = Math.round((lastPass + firstFail) / 2);
            }
            Context.sleep(pause);
        }
        r.results.put("max_sustained_rate", lastPass > 0 ? lastPass : null);
        r.results.put("first_failing_rate", firstFail > 0 ? firstFail : null);
        if (best != null) {
            r.results.put("at_max", best);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> lat(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v instanceof Map ? (Map<String, Object>) v : Map.of();
    }

    /** Table rows for one step's figures. */
    static void rows(Report r, Map<String, Object> m, String unit, List<String> goals) {
        r.row("sent / accepted", m.get("sent") + " / " + m.get("accepted"), null);
        r.row("send errors (by code)", m.get("send_errors") + " " + r.results.getOrDefault("errors_by_code", ""), null);
        r.row("unanswered sends", m.get("unanswered"), null);
        r.row("lost (accepted, never delivered)", m.get("lost"), "0");
        r.row("delivered " + unit + "/s (measured window)", m.get("delivered_per_s"), goals.get(0));
        Map<String, Object> lat = lat(m, "latency_ms");
        r.row("latency p50 ms (due → delivered)", lat.get("p50"), null);
        r.row("latency p90 ms", lat.get("p90"), null);
        r.row("latency p99 ms", lat.get("p99"), goals.get(1));
        r.row("latency p99.9 ms", lat.get("p99_9"), null);
        r.row("latency max ms", lat.get("max"), null);
        r.row("accepted p99 ms (due → Accepted)", lat(m, "accept_latency_ms").get("p99"), null);
        r.row("generator send lag p99 ms", lat(m, "send_lag_ms").get("p99"), null);
        Map<String, Object> cpu = lat(m, "cpu");
        r.row("server CPU s (measured window)", cpu.get("server_cpu_s"), null);
        r.row("generator CPU s (measured window)", cpu.get("generator_cpu_s"), null);
        r.row("machine busy % (2 cores = 100)", cpu.get("machine_busy_pct"), null);
        r.row("of which other processes %", cpu.get("others_busy_pct"), "noise: want ≈ 0");
        r.row("server CPU µs per message", m.get("server_cpu_us_per_message"), null);
        Map<String, Object> sm = lat(m, "server_metrics");
        if (!sm.isEmpty()) {
            r.row("store batches / mean size", sm.get("store_batches") + " / " + Report.format(sm.get("batch_size_mean")), null);
            r.row("store commit mean / recent p99 ms", Report.format(sm.get("batch_commit_mean_ms")) + " / "
                    + Report.format(sm.get("batch_commit_p99_ms_recent")), null);
        }
        if (m.containsKey("server_cpu_us_per_delivery")) {
            r.row("server CPU µs per delivery", m.get("server_cpu_us_per_delivery"), null);
        }
    }
}
