package dev.parley.bench;

import dev.parley.wire.Message;
import dev.parley.wire.QueueDrained;
import dev.parley.wire.Resume;
import dev.parley.wire.SignedIn;

import java.io.IOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * W4 offline drain: K messages queued for an offline user, who then signs in (Resume with its session token);
 * the figure is the time from sending the Resume until all K have been received and every Ack for them
 * answered by the server. Repeated {@code --rounds} times; the median is the headline.
 */
final class W4Drain {
    private W4Drain() {
    }

    static Report run(Context ctx, long deadlineNanos) throws IOException {
        Options o = ctx.options;
        int k = o.integer("messages", 10_000);
        int payload = o.integer("payload", 100);
        int rounds = o.integer("rounds", 3);
        int warmupRounds = o.integer("warmup-rounds", 2);
        int window = o.integer("window", 512);
        double timeout = o.seconds("drain-timeout", 60);
        String prefix = o.string("user-prefix", "w4");
        if (k < 1 || rounds < 1 || window < 1) {
            throw new IllegalArgumentException("--messages, --rounds and --window must be positive");
        }
        new Stamp(0, payload, new java.util.Random());
        Report r = new Report("W4");
        ctx.describe(r);
        r.params.put("messages", k);
        r.params.put("payload_bytes", payload);
        r.params.put("rounds", rounds);
        r.params.put("warmup_rounds", warmupRounds);
        r.params.put("send_window", window);
        r.params.put("drain_timeout_s", timeout);
        String receiverName = prefix + "r000000";
        Accounts.Account receiver = ctx.accounts.account(receiverName);
        ctx.log.printf("W4: signing in the sender...%n");
        Sender sender = new Sender(ctx);
        List<Conn> senderConn = ctx.signInAll(List.of(prefix + "s000000"), sender, "W4 sender");
        Cpu cpu = Cpu.mark(ctx.server);
        List<Double> drains = new ArrayList<>();
        try {
            for (int round = 1 - warmupRounds; round <= rounds; round++) {
                if (System.nanoTime() + (long) (Math.min(timeout * 2 + 30, 30) * 1e9) > deadlineNanos) {
                    r.note("stopped before round " + round + ": it could pass the run's deadline");
                    break;
                }
                // 1. The receiver comes online once so it has a fresh token and an empty queue, then goes away.
                emptyQueue(ctx, receiver, timeout);
                Context.sleep(0.5);
                // 2. K messages are queued for it.
                long runId = new SplittableRandom().nextLong();
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("round", round);
                double enqueueSeconds = sender.sendAll(senderConn.get(0), receiverName, k, payload, runId, window, round + warmupRounds, timeout);
                m.put("enqueue_s", Cpu.round3(enqueueSeconds));
                m.put("enqueue_per_s", Math.round(k / enqueueSeconds));
                m.put("accepted", sender.accepted);
                m.put("send_errors", sender.errors);
                Context.sleep(o.seconds("settle", 1));
                // 3. It signs in and drains.
                Cpu roundCpu = Cpu.mark(ctx.server);
                Drainer d = new Drainer(runId, k, (int) sender.accepted);
                long connectStart = System.nanoTime();
                Conn conn;
                try {
                    conn = ctx.transport.connect(d).get(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IOException("receiver could not connect: " + Accounts.unwrap(e).getMessage(), e);
                }
                long t0 = System.nanoTime();
                d.t0 = t0;
                CompletableFuture<Message> signedIn = conn.request(new Resume(receiver.username(), receiver.token()), ctx.requestTimeoutMillis);
                try {
                    Message answer = signedIn.get(ctx.requestTimeoutMillis, TimeUnit.MILLISECONDS);
                    if (!(answer instanceof SignedIn s)) {
                        throw new IOException("receiver Resume refused: " + Conn.describe(answer));
                    }
                    receiver.token = s.token();
                    d.signedInAt = System.nanoTime();
                    d.done.get((long) (timeout * 1000), TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    r.note("round " + round + ": not drained within " + timeout + " s (" + d.received + " of " + k + " received)");
                } catch (Exception e) {
                    throw new IOException("round " + round + ": " + Accounts.unwrap(e).getMessage(), e);
                } finally {
                    ctx.transport.barrier();
                    conn.close();
                }
                m.put("received", d.received);
                m.put("duplicates", d.duplicates);
                m.put("stale", d.stale);
                m.put("lost", Math.max(0, sender.accepted - d.received));
                m.put("connect_tls_ms", ms(t0 - connectStart));
                m.put("signed_in_ms", d.signedInAt > 0 ? ms(d.signedInAt - t0) : null);
                m.put("first_deliver_ms", d.firstAt > 0 ? ms(d.firstAt - t0) : null);
                m.put("last_deliver_ms", d.allAt > 0 ? ms(d.allAt - t0) : null);
                m.put("queue_drained_ms", d.drainedAt > 0 ? ms(d.drainedAt - t0) : null);
                m.put("acked_ms", d.ackedAt > 0 ? ms(d.ackedAt - t0) : null);
                m.put("ack_frames", d.ackFrames);
                double drainS = d.ackedAt > 0 ? (d.ackedAt - t0) / 1e9 : Double.NaN;
                m.put("drain_s", Cpu.round3(drainS));
                m.put("drain_from_connect_s", d.ackedAt > 0 ? Cpu.round3((d.ackedAt - connectStart) / 1e9) : null);
                m.put("cpu", roundCpu.since());
                m.put("warmup", round <= 0);
                r.steps.add(m);
                if (!Double.isNaN(drainS) && round > 0) {
                    drains.add(drainS);
                }
                ctx.log.printf("  round %d%s: %,d queued in %.2f s; drained and acked in %.3f s (first %s ms, QueueDrained %s ms)%n",
                        round, round <= 0 ? " (warm-up, not counted)" : "", k, enqueueSeconds, drainS, m.get("first_deliver_ms"), m.get("queue_drained_ms"));
                Context.sleep(0.5);
            }
        } finally {
            ctx.closeAll(senderConn);
        }
        r.cpu.putAll(cpu.since());
        long lost = 0;
        long received = 0;
        for (Map<String, Object> m : r.steps) {
            if (Boolean.TRUE.equals(m.get("warmup"))) {
                continue;
            }
            lost += (Long) m.get("lost");
            received += (Long) m.get("received");
        }
        List<Double> sorted = new ArrayList<>(drains);
        sorted.sort(Double::compare);
        r.results.put("rounds_completed", sorted.size());
        r.results.put("drain_s_median", sorted.isEmpty() ? null : sorted.get(sorted.size() / 2));
        r.results.put("drain_s_min", sorted.isEmpty() ? null : sorted.get(0));
        r.results.put("drain_s_max", sorted.isEmpty() ? null : sorted.get(sorted.size() - 1));
        r.results.put("received", received);
        r.results.put("lost", lost);
        r.results.put("errors_by_code", ctx.stats.errors());
        r.row("messages queued per round", k, "10,000");
        for (Map<String, Object> m : r.steps) {
            if (Boolean.TRUE.equals(m.get("warmup"))) {
                continue;
            }
            r.row("round " + m.get("round") + " drain s (Resume → all acked)", m.get("drain_s"),
                    "first " + Report.format(m.get("first_deliver_ms")) + " ms");
        }
        r.row("drain s, median of rounds", r.results.get("drain_s_median"), "≤ 0.2; ejabberd 1.83");
        r.row("drain s, min / max", Report.format(r.results.get("drain_s_min")) + " / " + Report.format(r.results.get("drain_s_max")), null);
        r.row("lost (accepted, never delivered)", lost, "0");
        if (!r.steps.isEmpty()) {
            Map<String, Object> last = r.steps.get(r.steps.size() - 1);
            r.row("enqueue rate msg/s (closed loop, last round)", last.get("enqueue_per_s"), null);
            Map<String, Object> c = RateDriver.lat(last, "cpu");
            r.row("server CPU s (last drain)", c.get("server_cpu_s"), null);
            r.row("generator CPU s (last drain)", c.get("generator_cpu_s"), null);
        }
        return r;
    }

    private static double ms(long nanos) {
        return Math.round(nanos / 1e4) / 100.0;
    }

    /** Signs the receiver in, acks whatever was queued (leftovers of earlier runs) and signs off again. */
    private static void emptyQueue(Context ctx, Accounts.Account receiver, double timeout) throws IOException {
        CompletableFuture<Void> drained = new CompletableFuture<>();
        Conn.Listener l = new Conn.Listener() {
            @Override
            public void onPush(Conn conn, Message message) {
                if (message instanceof QueueDrained) {
                    drained.complete(null);
                }
            }
        };
        try {
            Conn c = ctx.accounts.signIn(ctx.transport, receiver, l).get(ctx.requestTimeoutMillis, TimeUnit.MILLISECONDS);
            try {
                drained.get((long) (timeout * 1000), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                ctx.log.println("  (no QueueDrained within " + timeout + " s while emptying the receiver's queue)");
            }
            Context.sleep(0.3);
            c.channel().close().awaitUninterruptibly(5, TimeUnit.SECONDS);
            ctx.accounts.save();
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("receiver sign-in failed: " + Accounts.unwrap(e).getMessage(), e);
        }
    }

    /** Sends K messages with at most {@code window} unanswered, and counts the answers. */
    private static final class Sender implements Conn.Listener {
        private final Context ctx;
        private volatile CompletableFuture<Void> allAnswered;
        private int tag;
        private int total;
        private int sentCount;
        private int answered;
        private byte[] target;
        private Stamp stamp;
        private long clientBase;
        long accepted;
        long errors;

        Sender(Context ctx) {
            this.ctx = ctx;
        }

        double sendAll(Conn conn, String receiver, int k, int payload, long runId, int window, int round, double timeout) throws IOException {
            CompletableFuture<Void> done = new CompletableFuture<>();
            long start = System.nanoTime();
            conn.channel().eventLoop().execute(() -> {
                this.tag = round & 0x3FF;
                this.total = k;
                this.sentCount = 0;
                this.answered = 0;
                this.accepted = 0;
                this.errors = 0;
                this.target = receiver.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                this.stamp = new Stamp(runId, payload, new java.util.Random());
                this.clientBase = RateLoad.reserveClientIds(k);
                this.allAnswered = done;
                for (int i = 0; i < Math.min(window, k); i++) {
                    sendNext(conn);
                }
                conn.channel().flush();
            });
            try {
                done.get((long) (timeout * 1000), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                throw new IOException("queueing " + k + " messages did not finish in " + timeout + " s: " + answered + " answered, " + ctx.stats.errors(), e);
            }
            ctx.transport.barrier();
            if (errors > 0) {
                ctx.log.println("  " + errors + " sends refused: " + ctx.stats.errors());
            }
            return (System.nanoTime() - start) / 1e9;
        }

        private void sendNext(Conn conn) {
            int seq = sentCount++;
            stamp.set(seq, System.nanoTime(), 0);
            conn.channel().write(FastFrames.send(conn.channel().alloc(), false, ((long) tag << 40) | (seq + 1), target, clientBase + seq, stamp));
        }

        private void answered(Conn conn) {
            answered++;
            if (sentCount < total) {
                sendNext(conn); // flushed when this read burst completes
            }
            if (answered == total && allAnswered != null) {
                allAnswered.complete(null);
            }
        }

        @Override
        public void onAccepted(Conn conn, long frameId, long messageId) {
            if ((frameId >>> 40) == tag) {
                accepted++;
                answered(conn);
            }
        }

        @Override
        public void onSendError(Conn conn, long frameId, int errorCode) {
            if ((frameId >>> 40) == tag) {
                errors++;
                answered(conn);
            }
        }
    }

    /** The receiver's side of one drain. Runs on its connection's event loop. */
    private static final class Drainer implements Conn.Listener {
        final long runId;
        final int k;
        final BitSet seen;
        final CompletableFuture<Void> done = new CompletableFuture<>();
        volatile long t0;
        volatile long signedInAt;
        volatile long firstAt;
        volatile long allAt;
        volatile long drainedAt;
        volatile long ackedAt;
        volatile long received;
        volatile long duplicates;
        volatile long stale;
        volatile long ackFrames;
        private long acksAnswered;

        final int expected;

        Drainer(long runId, int k, int expected) {
            this.runId = runId;
            this.k = k;
            this.expected = expected;
            this.seen = new BitSet(k);
        }

        @Override
        public void onDeliver(Conn conn, FastFrames.DeliverView v) {
            if (!Stamp.isRun(v.body, v.payloadOffset, v.payloadLength, runId)) {
                stale++;
                return;
            }
            long seq = Stamp.seq(v.body, v.payloadOffset);
            if (seq < 0 || seq >= k) {
                stale++;
                return;
            }
            if (seen.get((int) seq)) {
                duplicates++;
                return;
            }
            seen.set((int) seq);
            long now = System.nanoTime();
            if (received == 0) {
                firstAt = now;
            }
            received++;
            if (received == expected) {
                allAt = now;
            }
        }

        @Override
        public void onAckAnswered(Conn conn, long frameId, boolean ok) {
            acksAnswered++;
            if (received == expected && ackedAt == 0 && acksAnswered == conn.ackFramesWritten()) {
                ackedAt = System.nanoTime();
                ackFrames = acksAnswered;
                done.complete(null);
            }
        }

        @Override
        public void onPush(Conn conn, Message message) {
            if (message instanceof QueueDrained && drainedAt == 0) {
                drainedAt = System.nanoTime();
            }
        }
    }
}
