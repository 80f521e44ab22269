package dev.parley.bench;

import dev.parley.wire.CreateGroup;
import dev.parley.wire.ErrorCode;
import dev.parley.wire.GroupInfo;
import dev.parley.wire.JoinGroup;
import dev.parley.wire.Message;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * W2 group fan-out: one group of M members, S of them sending at an aggregate rate R (messages/s); every
 * message goes to the M − 1 other members. Figures: deliveries/s (messages × recipients) and latency.
 */
final class W2Fanout {
    private W2Fanout() {
    }

    static Report run(Context ctx, long deadlineNanos) throws IOException {
        Options o = ctx.options;
        int members = o.integer("members", 100);
        int senderCount = o.integer("senders", 5);
        int payload = o.integer("payload", 100);
        String prefix = o.string("user-prefix", "w2u");
        if (members < 2 || senderCount < 1 || senderCount > members) {
            throw new IllegalArgumentException("need --members ≥ 2 and 1 ≤ --senders ≤ members");
        }
        Report r = new Report("W2");
        ctx.describe(r);
        r.params.put("members", members);
        r.params.put("senders", senderCount);
        r.params.put("payload_bytes", payload);
        new Stamp(0, payload, new java.util.Random());
        String group = "w2g" + ctx.runTag;
        r.params.put("group", group);
        ctx.log.printf("W2: signing in %,d members...%n", members);
        List<Conn> conns = ctx.signInAll(Context.usernames(prefix, members), Conn.IGNORE, "W2 members");
        try {
            join(ctx, conns, group);
            int[] senders = new int[senderCount];
            for (int i = 0; i < senderCount; i++) {
                senders[i] = i;
            }
            RateLoad load = new RateLoad(ctx, conns, senders, group, members - 1, payload);
            Context.sleep(1);
            RateDriver.drive(ctx, load, r, 1000, "msg", deadlineNanos);
        } finally {
            ctx.closeAll(conns);
        }
        r.results.put("errors_by_code", ctx.stats.errors());
        r.results.put("stale_deliveries", ctx.stats.stale.sum());
        r.results.put("closed_by_server", ctx.stats.closedByServer.sum());
        r.row("members / senders / payload", members + " / " + senderCount + " / " + payload, "100 / 5 / 100");
        Map<String, Object> figures = r.results;
        if (r.params.containsKey("find_max")) {
            for (Map<String, Object> s : r.steps) {
                r.row("step " + Report.format(s.get("rate")) + " msg/s", Report.format(s.get("delivered_per_s")) + " del/s, p99 "
                        + Report.format(RateDriver.lat(s, "latency_ms").get("p99")) + " ms, lost " + s.get("lost")
                        + (Boolean.TRUE.equals(s.get("pass")) ? " ok" : " FAIL"), null);
            }
            r.row("highest sustained rate msg/s", r.results.get("max_sustained_rate"), null);
            @SuppressWarnings("unchecked")
            Map<String, Object> best = (Map<String, Object>) r.results.get("at_max");
            figures = best;
            if (best != null) {
                r.results.put("max_sustained_deliveries_per_s", best.get("delivered_per_s"));
            }
        } else {
            r.row("target rate msg/s", r.params.get("rate"), null);
        }
        if (figures != null) {
            RateDriver.rows(r, figures, "deliveries", List.of("≥ 100,000; ejabberd 18,719", ""));
        }
        return r;
    }

    /** Member 0 creates the group, every other member joins it. */
    private static void join(Context ctx, List<Conn> conns, String group) throws IOException {
        try {
            Message created = conns.get(0).request(new CreateGroup(group), ctx.requestTimeoutMillis).get(ctx.requestTimeoutMillis, TimeUnit.MILLISECONDS);
            if (!(created instanceof GroupInfo) && !Conn.isError(created, ErrorCode.GROUP_EXISTS)) {
                throw new IOException("creating group " + group + " failed: " + Conn.describe(created));
            }
            CompletableFuture<Integer> joins = Parallel.run(conns.size() - 1, ctx.concurrency, i ->
                    conns.get(i + 1).request(new JoinGroup(group), ctx.requestTimeoutMillis).thenApply(m -> {
                        if (!(m instanceof GroupInfo)) {
                            throw new IllegalStateException(Conn.describe(m));
                        }
                        return m;
                    }));
            int failed = joins.get(ctx.requestTimeoutMillis * 2, TimeUnit.MILLISECONDS);
            if (failed > 0) {
                throw new IOException(failed + " members could not join " + group + " (" + ctx.stats.errors() + ")");
            }
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("setting up group " + group + ": " + Accounts.unwrap(e).getMessage(), e);
        }
    }
}
