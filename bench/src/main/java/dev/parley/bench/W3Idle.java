package dev.parley.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * W3 idle connections: C users signed in and idle, over connections spread across 127.0.0.x source addresses.
 *
 * <ol>
 *   <li>Setup: every user that has no session token yet signs up (or in) once, on a connection that is closed
 *       again. Tokens are kept in the accounts file, so later runs against the same server skip this.</li>
 *   <li>Warm-up: C sign-ins (by default) that are not measured, closed again, so that neither the server's nor the
 *       generator's JIT compiler still runs in the measured window.</li>
 *   <li>Baseline: the server's memory is sampled (see {@link #sample}).</li>
 *   <li>Measured: C connections open, each a TCP connect + TLS 1.3 handshake + Resume with the session token,
 *       {@code --connect-concurrency} at a time. Sign-ins/s = C / (last SignedIn − first connect).</li>
 *   <li>Hold: the connections stay idle for {@code --hold} seconds, then memory is sampled again;
 *       per-connection memory = (after − baseline) / C.</li>
 * </ol>
 */
final class W3Idle {
    private W3Idle() {
    }

    static Report run(Context ctx, long deadlineNanos) throws IOException {
        Options o = ctx.options;
        int count = o.integer("connections", 10_000);
        double hold = o.seconds("hold", 10);
        int concurrency = o.integer("connect-concurrency", 256);
        boolean useJcmd = !o.string("jcmd", "on").equals("off");
        String prefix = o.string("user-prefix", "w3u");
        if (count < 1) {
            throw new IllegalArgumentException("--connections must be positive");
        }
        long fdRoom = fdRoom();
        if (fdRoom >= 0 && count > fdRoom) {
            throw new IllegalArgumentException("--connections " + count + " does not fit in this process's open-file limit (room for about "
                    + fdRoom + " more sockets)");
        }
        Report r = new Report("W3");
        ctx.describe(r);
        r.params.put("connections", count);
        r.params.put("hold_s", hold);
        r.params.put("connect_concurrency", concurrency);
        r.params.put("jcmd", useJcmd);
        List<String> names = Context.usernames(prefix, count);

        // 1. Setup: a token for every user.
        List<String> missing = new ArrayList<>();
        for (String n : names) {
            if (!ctx.accounts.hasToken(n)) {
                missing.add(n);
            }
        }
        if (!missing.isEmpty()) {
            ctx.log.printf("W3: %,d users have no session token yet: signing them up (slow on purpose: password hashing)...%n", missing.size());
            long start = System.nanoTime();
            java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.atomic.AtomicReference<Throwable> firstError = new java.util.concurrent.atomic.AtomicReference<>();
            CompletableFuture<Integer> setup = Parallel.run(missing.size(), ctx.concurrency, i ->
                    ctx.accounts.signIn(ctx.transport, ctx.accounts.account(missing.get(i)), Conn.IGNORE).whenComplete((c, e) -> {
                        if (c != null) {
                            c.close();
                        } else {
                            firstError.compareAndSet(null, Accounts.unwrap(e));
                        }
                        int d = done.incrementAndGet();
                        if (d % 500 == 0) {
                            ctx.log.printf("  %,d/%,d set up (%.0f/s)%n", d, missing.size(), d / ((System.nanoTime() - start) / 1e9));
                        }
                        if (d % 2000 == 0) {
                            try {
                                ctx.accounts.save();
                            } catch (IOException ignored) {
                                // saved again at the end
                            }
                        }
                    }));
            int failed;
            try {
                long left = deadlineNanos - System.nanoTime() - (long) ((hold + 30) * 1e9);
                failed = setup.get(Math.max(left, 1), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                ctx.accounts.save();
                throw new IOException("setting up " + missing.size() + " W3 users did not finish before the deadline; run again to continue (tokens are kept)", e);
            }
            ctx.accounts.save();
            double seconds = (System.nanoTime() - start) / 1e9;
            r.results.put("setup_sign_ups", missing.size() - failed);
            r.results.put("setup_s", Cpu.round3(seconds));
            r.results.put("setup_per_s", Math.round((missing.size() - failed) / seconds));
            if (failed > 0) {
                throw new IOException(failed + " W3 users could not be set up: " + (firstError.get() == null ? "?" : firstError.get().getMessage()));
            }
            ctx.log.printf("  set up %,d users in %.1f s%n", missing.size(), seconds);
            Context.sleep(2);
        }

        // 2. Warm-up: as many sign-ins as will be measured, not measured, closed again. Fewer leave the generator's
        //    own JIT compilation in the measured window: with 2,000, C2 took a third of its CPU there, and the
        //    generator, not the server, decided the figure.
        int warm = Math.min(o.integer("warmup-connections", count), count);
        r.params.put("warmup_connections", warm);
        if (warm > 0) {
            ctx.log.printf("W3: warm-up: %,d sign-ins, not measured...%n", warm);
            List<Conn> warmConns = java.util.Collections.synchronizedList(new ArrayList<>());
            try {
                Parallel.run(warm, concurrency, i -> ctx.accounts.signIn(ctx.transport, ctx.accounts.account(names.get(i)), Conn.IGNORE)
                        .whenComplete((c, e) -> {
                            if (c != null) {
                                warmConns.add(c);
                            }
                        })).get(Math.max(deadlineNanos - System.nanoTime() - (long) ((hold + 60) * 1e9), 1), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                r.note("warm-up did not finish: " + Accounts.unwrap(e).getMessage());
            }
            ctx.closeAll(warmConns);
            ctx.accounts.save();
        }

        // 3. Baseline.
        Context.sleep(o.seconds("settle", 3));
        Map<String, Object> before = sample(ctx.server, useJcmd);
        r.results.put("server_before", before);

        // 4. Measured sign-ins.
        ctx.log.printf("W3: opening %,d connections (TLS + Resume), %d at a time...%n", count, concurrency);
        long resumes0 = ctx.accounts.resumes.sum();
        long passwords0 = ctx.accounts.passwordSignIns.sum();
        long signUps0 = ctx.accounts.signUps.sum();
        long tlsResumed0 = ctx.stats.tlsResumed.sum();
        long tlsFull0 = ctx.stats.tlsFull.sum();
        AtomicReferenceArray<Conn> conns = new AtomicReferenceArray<>(count);
        Hists latency = new Hists();
        java.util.concurrent.atomic.AtomicReference<Throwable> firstError = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicLong lastSignedIn = new java.util.concurrent.atomic.AtomicLong();
        Cpu cpu = Cpu.mark(ctx.server);
        long start = System.nanoTime();
        CompletableFuture<Integer> all = Parallel.run(count, concurrency, i -> {
            long t = System.nanoTime();
            return ctx.accounts.signIn(ctx.transport, ctx.accounts.account(names.get(i)), Conn.IGNORE).whenComplete((c, e) -> {
                if (c != null) {
                    long now = System.nanoTime();
                    latency.recordNanos(now - t);
                    lastSignedIn.accumulateAndGet(now, Math::max);
                    conns.set(i, c);
                } else {
                    firstError.compareAndSet(null, Accounts.unwrap(e));
                }
            });
        });
        int failed;
        try {
            long left = deadlineNanos - System.nanoTime() - (long) ((hold + 20) * 1e9);
            failed = all.get(Math.max(left, 1), TimeUnit.NANOSECONDS);
        } catch (Exception e) {
            failed = -1;
            r.note("opening the connections did not finish before the deadline");
        }
        Map<String, Object> connectCpu = cpu.since();
        ctx.transport.barrier();
        List<Conn> open = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (conns.get(i) != null) {
                open.add(conns.get(i));
            }
        }
        double seconds = (lastSignedIn.get() - start) / 1e9;
        r.results.put("signed_in", open.size());
        r.results.put("failed", failed);
        if (firstError.get() != null) {
            r.results.put("first_error", firstError.get().getMessage());
        }
        r.results.put("sign_in_s", Cpu.round3(seconds));
        r.results.put("sign_ins_per_s", seconds > 0 ? Math.round(open.size() / seconds) : null);
        r.results.put("sign_in_latency_ms", Hists.summary(latency.merged()));
        r.results.put("by_resume", ctx.accounts.resumes.sum() - resumes0);
        r.results.put("by_password", ctx.accounts.passwordSignIns.sum() - passwords0);
        r.results.put("by_sign_up", ctx.accounts.signUps.sum() - signUps0);
        // every TLS handshake of this phase, including those of attempts that were refused and retried
        r.results.put("tls_resumed", ctx.stats.tlsResumed.sum() - tlsResumed0);
        r.results.put("tls_full", ctx.stats.tlsFull.sum() - tlsFull0);
        r.results.put("connect_cpu", connectCpu);
        Object sc = connectCpu.get("server_cpu_s");
        if (sc instanceof Double d && !d.isNaN() && !open.isEmpty()) {
            r.results.put("server_cpu_us_per_sign_in", Math.round(d * 1e6 / open.size()));
        }
        ctx.log.printf("  %,d signed in in %.2f s (%,.0f/s); holding them idle for %.0f s...%n", open.size(), seconds,
                seconds > 0 ? open.size() / seconds : 0.0, hold);
        ctx.accounts.save();

        // 5. Hold, then sample again.
        Cpu holdCpu = Cpu.mark(ctx.server);
        Context.sleep(hold);
        Map<String, Object> holdFigures = holdCpu.since();
        Map<String, Object> after = sample(ctx.server, useJcmd);
        int active = 0;
        for (Conn c : open) {
            if (c.isActive()) {
                active++;
            }
        }
        r.results.put("active_after_hold", active);
        r.results.put("hold_cpu", holdFigures);
        r.results.put("server_after", after);
        perConnection(r, before, after, active);

        ctx.log.printf("  closing %,d connections...%n", open.size());
        ctx.closeAll(open);
        if (o.flag("after-close")) {
            Context.sleep(3);
            r.results.put("server_after_close", sample(ctx.server, useJcmd));
        }
        r.results.put("errors_by_code", ctx.stats.errors());
        r.results.put("connect_failures", ctx.stats.connectFailures.sum());

        r.row("connections asked / signed in / still open after hold", count + " / " + open.size() + " / " + active, "19,000");
        r.row("sign-ins/s (TCP + TLS 1.3 + Resume)", r.results.get("sign_ins_per_s"), "≥ 3,000; ejabberd 562");
        Map<String, Object> lat = RateDriver.lat(r.results, "sign_in_latency_ms");
        r.row("sign-in latency p50 / p99 ms", Report.format(lat.get("p50")) + " / " + Report.format(lat.get("p99")), null);
        r.row("sign-ins by resume / password / sign-up", r.results.get("by_resume") + " / " + r.results.get("by_password") + " / " + r.results.get("by_sign_up"), null);
        r.row("TLS handshakes resumed / full (--tls-resume " + (ctx.transport.tlsResume() ? "on" : "off") + ")",
                r.results.get("tls_resumed") + " / " + r.results.get("tls_full"), null);
        r.row("server CPU µs per sign-in", r.results.get("server_cpu_us_per_sign_in"), null);
        r.row("server CPU s / generator CPU s (connecting)", Report.format(connectCpu.get("server_cpu_s")) + " / " + Report.format(connectCpu.get("generator_cpu_s")), null);
        r.row("of which other processes % (connecting)", connectCpu.get("others_busy_pct"), "noise: want ≈ 0");
        r.row("server RSS before → after MiB", mib(before.get("rss_bytes")) + " → " + mib(after.get("rss_bytes")), null);
        r.row("RSS per connection KiB", r.results.get("rss_per_connection_kib"), "≤ 4; ejabberd 40.8");
        r.row("live heap per connection KiB (after full GC)", r.results.get("heap_per_connection_kib"), null);
        r.row("committed heap per connection KiB (NMT)", r.results.get("heap_committed_per_connection_kib"), null);
        r.row("malloc in use per connection KiB (BoringSSL…)", r.results.get("malloc_per_connection_kib"), null);
        r.row("native per connection KiB (malloc + JVM mapped)", r.results.get("native_per_connection_kib"), null);
        r.row("heap + native per connection KiB", r.results.get("accounted_per_connection_kib"), "≤ 4; Mosquitto 0.84");
        r.row("server CPU % while idle (hold)", holdFigures.get("server_cpu_s") instanceof Double d && hold > 0 ? Math.round(1000 * d / hold) / 10.0 : null, null);
        r.note("memory: each sample runs `jcmd PID GC.run` first; RSS = /proc/PID/status VmRSS; live heap = `jcmd PID GC.heap_info` used;"
                + " malloc = `jcmd PID System.native_heap_info` (in use); JVM mapped = NMT (Thread, Code, Metaspace, Class, GC);"
                + " per connection = (after hold − baseline) / connections still open.");
        return r;
    }

    /**
     * The server's memory right now. With jcmd: a full GC first ({@code GC.run}, so heap garbage and the heap's
     * size after setup do not count), then RSS, the live heap ({@code GC.heap_info}), the NMT summary (when the
     * server runs with -XX:NativeMemoryTracking=summary) and the C allocator's bytes in use
     * ({@code System.native_heap_info}). Without jcmd: RSS only.
     */
    static Map<String, Object> sample(ServerProcess server, boolean useJcmd) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (server == null) {
            return m;
        }
        m.put("rss_before_gc_bytes", server.rssBytes());
        boolean gc = useJcmd && server.gc();
        m.put("rss_bytes", server.rssBytes());
        m.put("threads", server.threads());
        m.put("open_files", server.openFiles());
        if (gc) {
            m.put("heap_live_bytes", server.heapUsedBytes());
            m.put("malloc_in_use_bytes", server.mallocInUseBytes());
            Map<String, Long> nmt = server.nativeMemoryCommitted();
            if (!nmt.isEmpty()) {
                m.put("nmt_committed_bytes", nmt);
            }
        }
        return m;
    }

    /**
     * Per-connection figures, each (after hold − baseline) / connections still open:
     * RSS; live heap; C-allocator bytes in use (native memory outside the JVM's tracking, BoringSSL included);
     * NMT's non-heap committed memory; and the headline "heap + native" = live heap + malloc in use
     * + NMT non-heap memory that is not malloc (thread stacks, code, metaspace, GC structures).
     */
    private static void perConnection(Report r, Map<String, Object> before, Map<String, Object> after, int connections) {
        if (connections <= 0) {
            return;
        }
        Long rss = delta(before, after, "rss_bytes");
        Long heap = delta(before, after, "heap_live_bytes");
        Long malloc = delta(before, after, "malloc_in_use_bytes");
        r.results.put("rss_per_connection_kib", rss == null ? null : kib(rss, connections));
        r.results.put("heap_per_connection_kib", heap == null ? null : kib(heap, connections));
        r.results.put("malloc_per_connection_kib", malloc == null ? null : kib(malloc, connections));
        @SuppressWarnings("unchecked")
        Map<String, Long> nb = (Map<String, Long>) before.get("nmt_committed_bytes");
        @SuppressWarnings("unchecked")
        Map<String, Long> na = (Map<String, Long>) after.get("nmt_committed_bytes");
        Long nmtMapped = null;
        if (nb != null && na != null && nb.containsKey("Total") && na.containsKey("Total")) {
            long nonHeapBefore = nb.get("Total") - nb.getOrDefault("Java Heap", 0L);
            long nonHeapAfter = na.get("Total") - na.getOrDefault("Java Heap", 0L);
            r.results.put("nmt_non_heap_per_connection_kib", kib(nonHeapAfter - nonHeapBefore, connections));
            r.results.put("heap_committed_per_connection_kib",
                    kib(na.getOrDefault("Java Heap", 0L) - nb.getOrDefault("Java Heap", 0L), connections));
            // mapped (not malloc'd) JVM memory: these categories do not come from malloc
            long mapped = 0;
            for (String c : List.of("Thread", "Code", "Metaspace", "Class", "GC", "GCCardSet")) {
                mapped += na.getOrDefault(c, 0L) - nb.getOrDefault(c, 0L);
            }
            nmtMapped = mapped;
            Map<String, Object> byCategory = new LinkedHashMap<>();
            for (Map.Entry<String, Long> e : na.entrySet()) {
                long d = e.getValue() - nb.getOrDefault(e.getKey(), 0L);
                if (Math.abs(d) >= 64 * 1024) {
                    byCategory.put(e.getKey(), kib(d, connections));
                }
            }
            r.results.put("nmt_per_connection_kib", byCategory);
        }
        if (heap != null && malloc != null) {
            long nativeBytes = malloc + (nmtMapped == null ? 0 : Math.max(nmtMapped, 0));
            r.results.put("native_per_connection_kib", kib(nativeBytes, connections));
            r.results.put("accounted_per_connection_kib", kib(heap + nativeBytes, connections));
        }
        if (nmtMapped == null && heap != null) {
            r.note("NMT off: thread stacks, code and metaspace growth are not in heap + native (start the server with"
                    + " PARLEY_JAVA_OPTS=-XX:NativeMemoryTracking=summary for them)");
        }
    }

    private static Long delta(Map<String, Object> before, Map<String, Object> after, String key) {
        Object b = before.get(key);
        Object a = after.get(key);
        if (b instanceof Long lb && a instanceof Long la && lb >= 0 && la >= 0) {
            return la - lb;
        }
        return null;
    }

    private static double kib(long bytes, int connections) {
        return Math.round(bytes / 1024.0 / connections * 100) / 100.0;
    }

    private static String mib(Object bytes) {
        return bytes instanceof Long l && l >= 0 ? String.format(java.util.Locale.ROOT, "%.1f", l / 1048576.0) : "n/a";
    }

    /** How many more files this process may open, or -1 when unknown. */
    private static long fdRoom() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean u) {
            return u.getMaxFileDescriptorCount() - u.getOpenFileDescriptorCount() - 64;
        }
        return -1;
    }
}
