package dev.parley.bench;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * W1 pairs: U signed-in users, each sending B-byte messages to a random other user at an aggregate rate R;
 * delivered/s, loss, latency percentiles from each message's due time. {@code --find-max} raises R until
 * p99 &gt; 100 ms or loss.
 */
final class W1Pairs {
    private W1Pairs() {
    }

    static Report run(Context ctx, long deadlineNanos) throws IOException {
        Options o = ctx.options;
        int users = o.integer("users", 1000);
        int payload = o.integer("payload", 100);
        String prefix = o.string("user-prefix", "w1u");
        if (users < 2) {
            throw new IllegalArgumentException("--users must be at least 2");
        }
        Report r = new Report("W1");
        ctx.describe(r);
        r.params.put("users", users);
        r.params.put("payload_bytes", payload);
        new Stamp(0, payload, new java.util.Random()); // validates the size early
        ctx.log.printf("W1: signing in %,d users...%n", users);
        List<Conn> conns = ctx.signInAll(Context.usernames(prefix, users), Conn.IGNORE, "W1 users");
        try {
            int[] senders = new int[users];
            for (int i = 0; i < users; i++) {
                senders[i] = i;
            }
            RateLoad load = new RateLoad(ctx, conns, senders, null, 1, payload);
            Context.sleep(1); // let queued leftovers of earlier runs drain
            RateDriver.drive(ctx, load, r, 5000, "msg", deadlineNanos);
        } finally {
            ctx.closeAll(conns);
        }
        r.results.put("errors_by_code", ctx.stats.errors());
        r.results.put("stale_deliveries", ctx.stats.stale.sum());
        r.results.put("closed_by_server", ctx.stats.closedByServer.sum());
        r.row("users / payload bytes", users + " / " + payload, "1,000 / 100");
        if (r.params.containsKey("find_max")) {
            for (Map<String, Object> s : r.steps) {
                r.row("step " + Report.format(s.get("rate")) + " msg/s", "p99 " + Report.format(RateDriver.lat(s, "latency_ms").get("p99"))
                        + " ms, lost " + s.get("lost") + ", err " + s.get("send_errors") + (Boolean.TRUE.equals(s.get("pass")) ? " ok" : " FAIL"), null);
            }
            r.row("highest sustained rate msg/s", r.results.get("max_sustained_rate"), "≥ 25,000; ejabberd 4,641");
            @SuppressWarnings("unchecked")
            Map<String, Object> best = (Map<String, Object>) r.results.get("at_max");
            if (best != null) {
                RateDriver.rows(r, best, "msg", List.of("", "≤ 100 (find-max bar)"));
            }
        } else {
            r.row("target rate msg/s", r.params.get("rate"), "5,000");
            RateDriver.rows(r, r.results, "msg", List.of("", "≤ 5 at 5,000 msg/s"));
        }
        r.cpu.put("note", "cpu figures are per measured window, inside results (and each step)");
        return r;
    }
}
