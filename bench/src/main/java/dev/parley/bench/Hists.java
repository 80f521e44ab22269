package dev.parley.bench;

import org.HdrHistogram.Histogram;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A latency histogram recorded from several event-loop threads without locks: one HdrHistogram per thread,
 * merged when the run is over (after a barrier on every loop). Values are recorded in microseconds,
 * 3 significant digits, up to one hour.
 */
final class Hists {
    private final ConcurrentLinkedQueue<Histogram> all = new ConcurrentLinkedQueue<>();
    private final ThreadLocal<Histogram> local = ThreadLocal.withInitial(() -> {
        Histogram h = newHistogram();
        all.add(h);
        return h;
    });

    static Histogram newHistogram() {
        return new Histogram(3_600_000_000L, 3);
    }

    void recordNanos(long nanos) {
        local.get().recordValue(Math.min(Math.max(nanos / 1000, 0), 3_600_000_000L));
    }

    Histogram merged() {
        Histogram h = newHistogram();
        for (Histogram part : all) {
            h.add(part);
        }
        return h;
    }

    /** p50/p90/p99/p99.9/max/mean in milliseconds, and the count. */
    static Map<String, Object> summary(Histogram h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", h.getTotalCount());
        if (h.getTotalCount() == 0) {
            return m;
        }
        m.put("p50", ms(h.getValueAtPercentile(50)));
        m.put("p90", ms(h.getValueAtPercentile(90)));
        m.put("p99", ms(h.getValueAtPercentile(99)));
        m.put("p99_9", ms(h.getValueAtPercentile(99.9)));
        m.put("max", ms(h.getMaxValue()));
        m.put("mean", Math.round(h.getMean()) / 1000.0);
        return m;
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }
}
