package dev.parley.bench;

import io.netty.util.ResourceLeakDetector;
import java.io.PrintStream;
import java.util.Locale;

/**
 * {@code ./parley bench <W1|W2|W3|W4> [--server HOST:PORT] [flags]}: drives a running Parley server over real TLS
 * connections with the real wire protocol, then prints a table and one JSON line. Loopback only; every run is
 * bounded by its own counts and durations and by an overall deadline, and stops by itself.
 */
public final class BenchMain {
    private BenchMain() {
    }

    static final String USAGE = """
            usage: ./parley bench <W1|W2|W3|W4> [--server HOST:PORT] [flags]
              common:  --server 127.0.0.1:5000 (loopback only)  --threads N (event loops: 1 for W1, else 2)  --sources N (127.0.0.2… source addresses)
                       --transport epoll|io_uring|nio (the generator's own; default epoll)
                       --metrics HOST:PORT (the server's --metrics-port: store batch figures per window)
                       --tls-provider auto|openssl|jdk  --concurrency 64 (sign-ins in flight during setup)
                       --tls-resume on|off (resume TLS sessions with tickets like a reconnecting client; default on)
                       --tls-groups X25519 (key exchange offered, as the Parley client does; e.g. X25519MLKEM768:X25519)
                       --state-dir /tmp/parley-bench (remembered accounts and tokens; 'none' to keep nothing)
                       --server-pid PID (else found from the port)  --request-timeout 60  --deadline SECONDS
                       --user-prefix NAME
              W1 pairs:       --users 1000 --payload 100 --rate 5000 --warmup 15 --duration 30 --drain 10
                              --ack-replies off|on (off: acks with id 0 as the client sends them; on: an Ok to each)
                              --find-max [--warmup 15 (once, unmeasured) --step-warmup 2 --step-duration 10 --factor 1.25 --refine 3 --max-p99-ms 100
                                          --max-steps 24 --pause 2]
              W2 group:       --members 100 --senders 5 --payload 100 --rate 1000 (messages/s) … and the W1 step flags
              W3 idle:        --connections 10000 --hold 10 --connect-concurrency 256 --warmup-connections C (default) --jcmd on|off
                              --settle 3 --after-close
              W4 drain:       --messages 10000 --payload 100 --rounds 3 --warmup-rounds 2 --window 512 --drain-timeout 60
                              --settle 1
            """;

    public static void main(String[] args) {
        if (System.getProperty("io.netty.leakDetection.level") == null) {
            // The tool's own CPU competes with the server for the same cores: Netty's sampled leak tracking (a stack
            // trace for one buffer in 128) was 3 % of it. Tests call run() and keep the detector.
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one workload; returns the process exit code (0 done, 1 failed, 2 bad usage, 3 deadline). */
    public static int run(String[] args, PrintStream out, PrintStream log) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            out.print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        String workload = args[0].toUpperCase(Locale.ROOT);
        Options o;
        try {
            o = Options.parse(args, 1);
        } catch (IllegalArgumentException e) {
            log.println("parley bench: " + e.getMessage());
            return 2;
        }
        try {
            Report r = runWorkload(workload, o, log);
            r.print(out);
            return 0;
        } catch (IllegalArgumentException e) {
            log.println("parley bench: " + e.getMessage());
            log.print(USAGE);
            return 2;
        } catch (Exception e) {
            log.println("parley bench " + workload + " failed: " + e.getMessage());
            return 1;
        }
    }

    /** Runs a workload and returns its report (used by the tests too). */
    public static Report runWorkload(String workload, Options o, PrintStream log) throws Exception {
        double defaultDeadline = switch (workload) {
            case "W1", "W2" -> o.flag("find-max") ? 1800 : 600;
            case "W3" -> 3600;
            case "W4" -> 900;
            default -> throw new IllegalArgumentException("unknown workload '" + workload + "': W1, W2, W3 or W4");
        };
        java.util.List<String> known = new java.util.ArrayList<>(java.util.List.of("server", "threads", "sources", "tls-provider",
                "concurrency", "state-dir", "server-pid", "request-timeout", "deadline", "user-prefix", "transport", "metrics", "tls-resume",
                "tls-groups"));
        java.util.List<String> stepFlags = java.util.List.of("payload", "rate", "warmup", "duration", "drain", "find-max", "step-warmup",
                "step-duration", "factor", "refine", "max-p99-ms", "max-steps", "pause", "ack-replies");
        switch (workload) {
            case "W1" -> {
                known.addAll(stepFlags);
                known.add("users");
            }
            case "W2" -> {
                known.addAll(stepFlags);
                known.addAll(java.util.List.of("members", "senders"));
            }
            case "W3" -> known.addAll(java.util.List.of("connections", "hold", "connect-concurrency", "jcmd", "settle", "after-close",
                    "warmup-connections"));
            default -> known.addAll(java.util.List.of("messages", "payload", "rounds", "warmup-rounds", "window", "drain-timeout", "settle"));
        }
        o.requireKnown(known);
        double deadlineSeconds = o.seconds("deadline", defaultDeadline);
        long deadlineNanos = System.nanoTime() + (long) (deadlineSeconds * 1e9);
        Thread watchdog = Thread.ofPlatform().daemon().name("bench-deadline").start(() -> {
            try {
                Thread.sleep((long) (deadlineSeconds * 1000) + 30_000);
                log.println("parley bench: the overall deadline of " + deadlineSeconds + " s passed; stopping now");
                Runtime.getRuntime().halt(3);
            } catch (InterruptedException ignored) {
                // finished in time
            }
        });
        // W1: one event loop for all 1,000 pairs — on two cores shared with the server it costs ~10 % less per message and
        // sustained higher rates than two (docs/benchmarks.md, eighth session); W2's fan-out measured the same either way
        int threads = workload.equals("W1") ? 1 : Math.min(2, Runtime.getRuntime().availableProcessors());
        try (Context ctx = new Context(o, workload.equals("W3") ? 20 : 8, threads, log)) {
            Report r = switch (workload) {
                case "W1" -> W1Pairs.run(ctx, deadlineNanos);
                case "W2" -> W2Fanout.run(ctx, deadlineNanos);
                case "W3" -> W3Idle.run(ctx, deadlineNanos);
                default -> W4Drain.run(ctx, deadlineNanos);
            };
            r.params.put("deadline_s", deadlineSeconds);
            r.results.putIfAbsent("malformed_frames", ctx.stats.malformed.sum());
            r.results.putIfAbsent("channel_errors", ctx.stats.channelErrors.sum());
            r.results.putIfAbsent("tls_handshakes_resumed", ctx.stats.tlsResumed.sum());
            r.results.putIfAbsent("tls_handshakes_full", ctx.stats.tlsFull.sum());
            if (ctx.stats.lastError() != null) {
                r.results.putIfAbsent("last_channel_error", ctx.stats.lastError());
            }
            r.note("TLS 1.3 (" + ctx.transport.tlsProviderName() + "); the load tool trusts any server certificate: loopback benchmark only.");
            if (ctx.server == null) {
                r.note("server process not found (give --server-pid): no server CPU or memory figures.");
            } else {
                r.note("server pid " + ctx.server.pid() + "; CPU from /proc/" + ctx.server.pid() + "/stat, generator CPU from this JVM.");
            }
            return r;
        } finally {
            watchdog.interrupt();
        }
    }
}
