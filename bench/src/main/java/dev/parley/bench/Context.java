package dev.parley.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Everything one run shares: its options, the transport, the accounts file, the server process (when found)
 * and the progress log (standard error, so standard output holds only the table and the JSON line).
 */
public final class Context implements AutoCloseable {
    public final Options options;
    public final BenchStats stats = new BenchStats();
    public final Transport transport;
    public final Accounts accounts;
    public final ServerProcess server;
    public final PrintStream log;
    public final long requestTimeoutMillis;
    public final int concurrency;
    public final String runTag;
    /** The server's Prometheus endpoint, when --metrics names it; else null. */
    final Metrics metrics;

    public Context(Options o, int defaultSources, int defaultThreads, PrintStream log) throws IOException {
        this.options = o;
        this.log = log;
        var address = o.server();
        int threads = o.integer("threads", defaultThreads);
        int sources = o.integer("sources", defaultSources);
        String tls = o.string("tls-provider", "auto");
        String resume = o.string("tls-resume", "on");
        if (!resume.equals("on") && !resume.equals("off")) {
            throw new IllegalArgumentException("--tls-resume must be on or off");
        }
        this.requestTimeoutMillis = (long) (o.seconds("request-timeout", 60) * 1000);
        this.concurrency = o.integer("concurrency", 64);
        this.runTag = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
        this.transport = new Transport(address, threads, sources, tls, o.string("transport", "epoll"), resume.equals("on"),
                groups(o.string("tls-groups", String.join(":", Transport.CLIENT_GROUPS))), stats,
                (int) Math.min(requestTimeoutMillis, 30_000));
        // A first connection tells us the server's certificate, which names its accounts file.
        try {
            Conn probe = transport.connect(Conn.IGNORE).get(30, TimeUnit.SECONDS);
            probe.close();
        } catch (Exception e) {
            transport.close();
            throw new IOException("cannot open a TLS connection to " + address + ": " + Accounts.unwrap(e).getMessage()
                    + " (is `./parley server` running there?)", e);
        }
        String stateDir = o.string("state-dir", "/tmp/parley-bench");
        this.accounts = Accounts.open(stateDir.equals("none") ? null : Path.of(stateDir), transport.serverFingerprint(), requestTimeoutMillis);
        long pid = o.integer("server-pid", -1);
        ServerProcess sp = pid > 0 ? ServerProcess.of(pid) : ServerProcess.byPort(address.getPort());
        this.server = sp;
        String m = o.string("metrics", null);
        if (m != null) {
            int colon = m.lastIndexOf(':');
            if (colon <= 0) {
                transport.close();
                throw new IllegalArgumentException("--metrics needs HOST:PORT of the server's metrics endpoint");
            }
            this.metrics = new Metrics(new java.net.InetSocketAddress(m.substring(0, colon), Integer.parseInt(m.substring(colon + 1))));
        } else {
            this.metrics = null;
        }
    }

    /** A scrape of the server's metrics, or an empty map without --metrics. */
    java.util.Map<String, Double> scrape() {
        return metrics == null ? java.util.Map.of() : metrics.scrape();
    }

    /** Common parameters and environment for a report. */
    public void describe(Report r) {
        r.params.put("server", options.server().getHostString() + ":" + options.server().getPort());
        r.environment.put("transport", transport.transportName());
        r.environment.put("tls", "TLSv1.3, " + transport.tlsProviderName() + " provider, groups " + transport.tlsGroupsName()
                + "; the load tool trusts any server certificate (loopback benchmark)");
        r.params.put("tls_resume", transport.tlsResume() ? "on" : "off");
        r.environment.put("server_cert_sha256", transport.serverFingerprint());
        r.environment.put("event_loops", transport.threads());
        r.environment.put("source_addresses", transport.sourceCount());
        r.environment.put("server_pid", server == null ? null : server.pid());
        r.environment.put("nproc", Runtime.getRuntime().availableProcessors());
        r.environment.put("java", System.getProperty("java.version"));
        r.environment.put("accounts_file", accounts.file() == null ? null : accounts.file().toString());
    }

    /** Names users {@code prefix000000 … }: short, lowercase letters and digits. */
    public static List<String> usernames(String prefix, int count) {
        List<String> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(String.format("%s%06d", prefix, i));
        }
        return out;
    }

    /**
     * Signs every user in on its own connection (Resume, else password, else sign-up), {@link #concurrency} at a
     * time; fails if any cannot. The accounts file is saved afterwards.
     */
    public List<Conn> signInAll(List<String> usernames, Conn.Listener listener, String what) throws IOException {
        long start = System.nanoTime();
        long ups = accounts.signUps.sum();
        AtomicReferenceArray<Conn> conns = new AtomicReferenceArray<>(usernames.size());
        java.util.concurrent.atomic.AtomicReference<Throwable> firstError = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
        CompletableFuture<Integer> all = Parallel.run(usernames.size(), concurrency, i -> {
            Accounts.Account a = accounts.account(usernames.get(i));
            return accounts.signIn(transport, a, listener).whenComplete((c, e) -> {
                if (e != null) {
                    firstError.compareAndSet(null, Accounts.unwrap(e));
                } else {
                    c.index = i;
                    conns.set(i, c);
                }
                int d = done.incrementAndGet();
                if (d % 1000 == 0) {
                    log.printf("  %s: %,d/%,d signed in%n", what, d, usernames.size());
                }
            });
        });
        int failed;
        try {
            failed = all.get(Math.max(60_000, requestTimeoutMillis * 4 + usernames.size() * 200L), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IOException("signing in " + what + " did not finish: " + Accounts.unwrap(e).getMessage(), e);
        } finally {
            accounts.save();
        }
        List<Conn> out = new ArrayList<>();
        for (int i = 0; i < usernames.size(); i++) {
            if (conns.get(i) != null) {
                out.add(conns.get(i));
            }
        }
        if (failed > 0) {
            closeAll(out);
            Throwable e = firstError.get();
            throw new IOException(failed + " of " + usernames.size() + " " + what + " could not sign in: " + (e == null ? "?" : e.getMessage()), e);
        }
        log.printf("  %s: %,d signed in in %.1f s (%,d new sign-ups)%n", what, usernames.size(),
                (System.nanoTime() - start) / 1e9, accounts.signUps.sum() - ups);
        return out;
    }

    public void closeAll(Collection<Conn> conns) {
        List<io.netty.channel.ChannelFuture> closing = new ArrayList<>();
        for (Conn c : conns) {
            if (c.channel() != null) {
                closing.add(c.channel().close());
            }
        }
        for (io.netty.channel.ChannelFuture f : closing) {
            f.awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    static void sleep(double seconds) {
        try {
            Thread.sleep((long) (seconds * 1000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }

    @Override
    public void close() {
        try {
            accounts.save();
        } catch (IOException e) {
            log.println("  could not save the accounts file: " + e.getMessage());
        }
        transport.close();
    }

    /** --tls-groups: colon- or comma-separated group names; at least one. */
    private static java.util.List<String> groups(String value) {
        java.util.List<String> groups = java.util.Arrays.stream(value.split("[:,]")).map(String::strip).filter(g -> !g.isEmpty()).toList();
        if (groups.isEmpty()) {
            throw new IllegalArgumentException("--tls-groups needs at least one group name, such as X25519");
        }
        return groups;
    }
}
