package dev.parley.bench;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The open-loop message generator behind W1 (pairs) and W2 (group fan-out).
 *
 * <p>Each step has a fixed schedule: message {@code i} of an event loop is due at {@code start + i / rate}
 * (the aggregate rate split over the loops in proportion to the senders on each). A pacer task on every loop
 * sends whatever is due and sleeps until the next due time; it never waits for an answer, so a server (or a
 * generator) that falls behind shows up as latency, measured from the due time to the delivery, never as a
 * quietly lower rate (no coordinated omission). Each message's payload carries the step id, its sequence number
 * and its due time; receivers ack every Deliver like a real client.
 *
 * <p>Loss = a message the server accepted whose delivery (to each expected recipient) did not arrive before the
 * drain timeout after the schedule ended.
 */
final class RateLoad implements Conn.Listener {
    private static final long SEQ_MASK = (1L << 40) - 1;
    private static final AtomicLong CLIENT_ID_BASE = new AtomicLong();

    private final Context ctx;
    private final List<Conn> users;
    private final int[] senders;
    private final boolean group;
    private final byte[] groupName;
    private final byte[][] names;
    private final int recipients;
    private final int payloadBytes;
    private volatile Step step;
    private int steps;

    /**
     * @param users      every connection, {@code conn.index} = its position in the list
     * @param senders    indexes of the users that send
     * @param groupName  the group to send to (W2), or null for direct messages to a random other user (W1)
     * @param recipients deliveries expected per message: 1 for W1, members − 1 for W2
     */
    RateLoad(Context ctx, List<Conn> users, int[] senders, String groupName, int recipients, int payloadBytes) {
        this.ctx = ctx;
        this.users = users;
        this.senders = senders;
        this.group = groupName != null;
        this.groupName = group ? groupName.getBytes(StandardCharsets.UTF_8) : null;
        this.names = new byte[users.size()][];
        for (int i = 0; i < users.size(); i++) {
            names[i] = users.get(i).username.getBytes(StandardCharsets.UTF_8);
        }
        this.recipients = recipients;
        this.payloadBytes = payloadBytes;
        // acks as the client module sends them (id 0: no Ok back) unless --ack-replies on asks for an Ok to each
        boolean answeredAcks = ctx.options.string("ack-replies", "off").equals("on");
        for (Conn c : users) {
            c.answeredAcks(answeredAcks);
            c.listener(this);
        }
    }

    /**
     * A block of client message ids no earlier run used: the server may treat a repeated (sender, client id) as a
     * resend and not deliver it again, so ids start from the wall-clock second × 10^9 and never repeat in a process.
     */
    static long reserveClientIds(int count) {
        long next = CLIENT_ID_BASE.updateAndGet(prev -> Math.max(prev, System.currentTimeMillis() / 1000 * 1_000_000_000L) + count + 1);
        return next - count - 1;
    }

    /** Everything one step records. */
    private static final class Step {
        final int tag;
        final long runId;
        final long clientIdBase;
        final int capacity;
        final long start;
        final long measureStart;
        final long end;
        final AtomicIntegerArray delivered;
        final AtomicIntegerArray accepted;
        final long[] due;
        final AtomicLong nextSeq = new AtomicLong();
        final AtomicInteger pacersRunning = new AtomicInteger();
        final LongAdder sent = new LongAdder();
        final LongAdder scheduledMeasured = new LongAdder();
        final LongAdder skippedClosed = new LongAdder();
        final LongAdder acceptedCount = new LongAdder();
        final LongAdder sendErrors = new LongAdder();
        final LongAdder deliveredCount = new LongAdder();
        final LongAdder deliveredMeasured = new LongAdder();
        final LongAdder duplicates = new LongAdder();
        final LongAdder self = new LongAdder();
        final Hists latency = new Hists();
        final Hists acceptLatency = new Hists();
        final Hists sendLag = new Hists();

        Step(int tag, long runId, int capacity, long start, long measureStart, long end) {
            this.tag = tag;
            this.runId = runId;
            this.capacity = capacity;
            this.clientIdBase = reserveClientIds(capacity);
            this.start = start;
            this.measureStart = measureStart;
            this.end = end;
            this.delivered = new AtomicIntegerArray(capacity);
            this.accepted = new AtomicIntegerArray(capacity);
            this.due = new long[capacity];
        }
    }

    /** Runs one step at {@code rate} messages per second and returns its figures. */
    Map<String, Object> step(double rate, double warmupS, double durationS, double drainS) {
        int tag = (++steps) & 0x3FF;
        long runId = new SplittableRandom().nextLong();
        long total = (long) Math.ceil(rate * (warmupS + durationS));
        if (total + 1024 > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException("rate × time too large for one step: " + total + " messages");
        }
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
        long measureStart = start + (long) (warmupS * 1e9);
        long end = measureStart + (long) (durationS * 1e9);
        Step s = new Step(tag, runId, (int) total + 1024, start, measureStart, end);
        this.step = s;

        // Senders grouped by the event loop their channel lives on; one pacer per loop.
        Map<EventLoop, List<Integer>> byLoop = new IdentityHashMap<>();
        for (int idx : senders) {
            Conn c = users.get(idx);
            byLoop.computeIfAbsent(c.channel().eventLoop(), k -> new ArrayList<>()).add(idx);
        }
        List<Pacer> pacers = new ArrayList<>();
        long seed = new SplittableRandom().nextLong();
        for (Map.Entry<EventLoop, List<Integer>> e : byLoop.entrySet()) {
            double share = rate * e.getValue().size() / senders.length;
            pacers.add(new Pacer(s, e.getKey(), e.getValue(), 1e9 / share, new SplittableRandom(seed++ * 0x9E3779B97F4A7C15L)));
        }
        s.pacersRunning.set(pacers.size());
        for (Pacer p : pacers) {
            p.loop.execute(p);
        }

        sleepUntil(measureStart);
        Cpu cpu = Cpu.mark(ctx.server);
        Map<String, Double> metricsBefore = ctx.scrape();
        sleepUntil(end);
        Map<String, Object> cpuFigures = cpu.since();
        Map<String, Object> storeFigures = Metrics.storeDelta(metricsBefore, ctx.scrape());
        // Pacers stop by themselves at the end of the schedule; give a lagging one a bounded moment.
        long pacerDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (s.pacersRunning.get() > 0 && System.nanoTime() < pacerDeadline) {
            Context.sleep(0.01);
        }
        long drainDeadline = System.nanoTime() + (long) (drainS * 1e9);
        while (System.nanoTime() < drainDeadline) {
            long answered = s.acceptedCount.sum() + s.sendErrors.sum();
            if (answered >= s.sent.sum() && s.deliveredCount.sum() >= s.acceptedCount.sum() * recipients) {
                break;
            }
            Context.sleep(0.02);
        }
        double drainedAfter = (System.nanoTime() - end) / 1e9;
        ctx.transport.barrier();
        this.step = null;

        long issued = Math.min(s.nextSeq.get(), s.capacity);
        long lost = 0;
        long deliveredWithoutAccept = 0;
        long acceptedMeasured = 0;
        for (int seq = 0; seq < issued; seq++) {
            int acc = s.accepted.get(seq);
            int del = s.delivered.get(seq);
            if (acc == 1) {
                lost += Math.max(0, recipients - del);
                if (s.due[seq] >= measureStart) {
                    acceptedMeasured++;
                }
            } else if (del > 0) {
                deliveredWithoutAccept++;
            }
        }
        long sent = s.sent.sum();
        long acceptedCount = s.acceptedCount.sum();
        long errors = s.sendErrors.sum();

        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rate", rate);
        m.put("warmup_s", warmupS);
        m.put("duration_s", durationS);
        m.put("sent", sent);
        m.put("accepted", acceptedCount);
        m.put("send_errors", errors);
        m.put("unanswered", Math.max(0, sent - acceptedCount - errors));
        m.put("skipped_closed", s.skippedClosed.sum());
        m.put("delivered", s.deliveredCount.sum());
        m.put("lost", lost);
        m.put("delivered_unaccepted", deliveredWithoutAccept);
        m.put("duplicates", s.duplicates.sum());
        m.put("self_deliveries", s.self.sum());
        m.put("measured_messages", s.scheduledMeasured.sum());
        m.put("measured_accepted", acceptedMeasured);
        m.put("measured_deliveries", s.deliveredMeasured.sum());
        m.put("sent_per_s", s.scheduledMeasured.sum() / durationS);
        m.put("delivered_per_s", s.deliveredMeasured.sum() / durationS);
        m.put("drained_after_s", Cpu.round3(drainedAfter));
        m.put("latency_ms", Hists.summary(s.latency.merged()));
        m.put("accept_latency_ms", Hists.summary(s.acceptLatency.merged()));
        m.put("send_lag_ms", Hists.summary(s.sendLag.merged()));
        m.put("cpu", cpuFigures);
        if (!storeFigures.isEmpty()) {
            m.put("server_metrics", storeFigures);
        }
        Object serverCpu = cpuFigures.get("server_cpu_s");
        if (serverCpu instanceof Double sc && !sc.isNaN() && s.scheduledMeasured.sum() > 0) {
            m.put("server_cpu_us_per_message", Cpu.round3(sc * 1e6 / s.scheduledMeasured.sum()));
            if (group) {
                m.put("server_cpu_us_per_delivery", Cpu.round3(sc * 1e6 / Math.max(1, s.deliveredMeasured.sum())));
            }
        }
        Object genCpu = cpuFigures.get("generator_cpu_s");
        if (genCpu instanceof Double gc && s.scheduledMeasured.sum() > 0) {
            m.put("generator_cpu_us_per_message", Cpu.round3(gc * 1e6 / s.scheduledMeasured.sum()));
        }
        return m;
    }

    /** Whether a step's figures meet the find-max bar: no loss, no errors, everything answered, p99 within bound. */
    static boolean passes(Map<String, Object> m, double maxP99Ms) {
        @SuppressWarnings("unchecked")
        Map<String, Object> lat = (Map<String, Object>) m.get("latency_ms");
        Object p99 = lat.get("p99");
        return ((Long) m.get("lost")) == 0 && ((Long) m.get("send_errors")) == 0 && ((Long) m.get("unanswered")) == 0
                && ((Long) m.get("skipped_closed")) == 0
                && ((Long) m.get("measured_deliveries")) > 0 && p99 instanceof Double d && d <= maxP99Ms;
    }

    private static void sleepUntil(long nanoTime) {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(Math.min(left, 50_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted");
            }
        }
    }

    /** Sends what is due on one event loop. */
    private final class Pacer implements Runnable {
        final Step s;
        final EventLoop loop;
        final Conn[] mine;
        final int[] mineIndex;
        final double intervalNanos;
        final SplittableRandom random;
        final Stamp stamp;
        final Conn[] touched = new Conn[256];
        int touchedCount;
        long i;

        Pacer(Step s, EventLoop loop, List<Integer> indexes, double intervalNanos, SplittableRandom random) {
            this.s = s;
            this.loop = loop;
            this.mine = new Conn[indexes.size()];
            this.mineIndex = new int[indexes.size()];
            for (int k = 0; k < indexes.size(); k++) {
                mineIndex[k] = indexes.get(k);
                mine[k] = users.get(indexes.get(k));
            }
            this.intervalNanos = intervalNanos;
            this.random = random;
            this.stamp = new Stamp(s.runId, payloadBytes, new java.util.Random(random.nextLong()));
        }

        @Override
        public void run() {
            long now = System.nanoTime();
            int burst = 0;
            while (true) {
                long due = s.start + (long) (i * intervalNanos);
                if (due >= s.end) {
                    flush();
                    s.pacersRunning.decrementAndGet();
                    return;
                }
                if (due > now) {
                    flush();
                    loop.schedule(this, due - now, TimeUnit.NANOSECONDS);
                    return;
                }
                sendOne(due, now);
                i++;
                if (++burst == touched.length) {
                    flush();
                    loop.execute(this);
                    return;
                }
            }
        }

        private void sendOne(long due, long now) {
            int k = random.nextInt(mine.length);
            Conn c = mine[k];
            int sender = mineIndex[k];
            long seq = s.nextSeq.getAndIncrement();
            if (seq >= s.capacity) {
                return;
            }
            boolean measured = due >= s.measureStart;
            if (measured) {
                s.scheduledMeasured.increment();
            }
            if (!c.isActive()) {
                s.skippedClosed.increment();
                return;
            }
            byte[] target;
            if (group) {
                target = groupName;
            } else {
                int r = random.nextInt(names.length - 1);
                target = names[r >= sender ? r + 1 : r];
            }
            s.due[(int) seq] = due;
            stamp.set(seq, due, sender);
            ByteBufAllocator alloc = c.channel().alloc();
            c.channel().write(FastFrames.send(alloc, group, ((long) s.tag << 40) | (seq + 1), target, s.clientIdBase + seq, stamp));
            s.sent.increment();
            if (measured) {
                s.sendLag.recordNanos(now - due);
            }
            touched[touchedCount++] = c;
        }

        private void flush() {
            for (int k = 0; k < touchedCount; k++) {
                touched[k].channel().flush();
                touched[k] = null;
            }
            touchedCount = 0;
        }
    }

    // ---- listener: runs on the receiving connection's event loop ----

    @Override
    public void onDeliver(Conn conn, FastFrames.DeliverView v) {
        Step s = step;
        if (s == null || !Stamp.isRun(v.body, v.payloadOffset, v.payloadLength, s.runId)) {
            ctx.stats.stale.increment();
            return;
        }
        long seq = Stamp.seq(v.body, v.payloadOffset);
        if (seq < 0 || seq >= s.capacity) {
            ctx.stats.malformed.increment();
            return;
        }
        if (group && Stamp.sender(v.body, v.payloadOffset) == conn.index) {
            s.self.increment();
            return;
        }
        long due = Stamp.scheduledNanos(v.body, v.payloadOffset);
        int n = s.delivered.incrementAndGet((int) seq);
        if (n > recipients) {
            s.duplicates.increment();
            return;
        }
        s.deliveredCount.increment();
        if (due >= s.measureStart) {
            s.deliveredMeasured.increment();
            s.latency.recordNanos(System.nanoTime() - due);
        }
    }

    @Override
    public void onAccepted(Conn conn, long frameId, long messageId) {
        Step s = step;
        if (s == null || (frameId >>> 40) != s.tag) {
            return;
        }
        long seq = (frameId & SEQ_MASK) - 1;
        if (seq < 0 || seq >= s.capacity) {
            return;
        }
        if (s.accepted.getAndSet((int) seq, 1) == 0) {
            s.acceptedCount.increment();
            long due = s.due[(int) seq];
            if (due >= s.measureStart) {
                s.acceptLatency.recordNanos(System.nanoTime() - due);
            }
        }
    }

    @Override
    public void onSendError(Conn conn, long frameId, int errorCode) {
        Step s = step;
        if (s != null && (frameId >>> 40) == s.tag) {
            s.sendErrors.increment();
        }
    }

    @Override
    public void onClosed(Conn conn) {
        if (step != null) {
            ctx.stats.closedByServer.increment();
        }
    }
}
