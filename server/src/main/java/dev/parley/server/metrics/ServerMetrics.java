package dev.parley.server.metrics;

import com.sun.net.httpserver.HttpServer;
import dev.parley.server.net.ConnectionRegistry;
import dev.parley.server.persist.StoreWriter;
import dev.parley.server.routing.MessageRouter;
import dev.parley.server.state.Directory;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.util.internal.PlatformDependent;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Prometheus metrics on {@code http://host:metricsPort/metrics}: connections, signed-in users,
 * queued messages, messages routed, store batches (size and commit latency), pending writes, JVM
 * heap/GC and Netty direct memory. Off unless a metrics port is configured.
 */
public final class ServerMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final HttpServer http;
    private final JvmGcMetrics gc = new JvmGcMetrics();

    private ServerMetrics(HttpServer http) {
        this.http = http;
    }

    public static ServerMetrics start(String host, int port, ConnectionRegistry connections, Directory directory,
                                      StoreWriter writer, MessageRouter router) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(host, port), 16);
        ServerMetrics metrics = new ServerMetrics(http);
        metrics.bind(connections, directory, writer, router);
        http.createContext("/metrics", exchange -> {
            byte[] body = metrics.registry.scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        http.setExecutor(null);
        http.start();
        return metrics;
    }

    public int port() {
        return http.getAddress().getPort();
    }

    /** Gauges of the file store: files waiting and their declared and stored bytes. */
    public void files(dev.parley.server.blob.BlobStore store) {
        Gauge.builder("parley.files.waiting", store, s -> s.totals()[0]).description("files waiting on the server").register(registry);
        Gauge.builder("parley.files.declared", store, s -> s.totals()[1]).baseUnit("bytes")
                .description("declared size of the files waiting (counts against quotas)").register(registry);
        Gauge.builder("parley.files.stored", store, s -> s.totals()[2]).baseUnit("bytes")
                .description("ciphertext bytes of files on disk").register(registry);
    }

    private void bind(ConnectionRegistry connections, Directory directory, StoreWriter writer, MessageRouter router) {
        Gauge.builder("parley.connections", connections, ConnectionRegistry::size).description("open connections").register(registry);
        Gauge.builder("parley.users.online", directory, d -> d.online().size()).description("signed-in users").register(registry);
        Gauge.builder("parley.queue.depth", directory, Directory::totalQueued).description("messages waiting in queues").register(registry);
        Gauge.builder("parley.store.pending", writer, StoreWriter::pending).description("operations waiting for the store writer").register(registry);
        Gauge.builder("parley.netty.direct.memory", () -> PlatformDependent.usedDirectMemory()).baseUnit("bytes")
                .description("direct memory used by Netty").register(registry);
        FunctionCounter.builder("parley.messages.routed", router, MessageRouter::routed).description("Send and SendGroup requests handed to the store").register(registry);
        FunctionCounter.builder("parley.store.operations", writer, StoreWriter::operations).register(registry);
        Timer commit = Timer.builder("parley.store.batch.latency").description("time to run and commit one batch")
                .publishPercentiles(0.5, 0.99).register(registry);
        DistributionSummary size = DistributionSummary.builder("parley.store.batch.size").description("operations per batch")
                .publishPercentiles(0.5, 0.99).register(registry);
        writer.listener((operations, nanos) -> {
            commit.record(nanos, TimeUnit.NANOSECONDS);
            size.record(operations);
        });
        Timer sync = Timer.builder("parley.store.sync.latency")
                .description("time to sync the store's log before held replies go out (none when the commit syncs)")
                .publishPercentiles(0.5, 0.99).register(registry);
        writer.durability().listener((batches, nanos) -> sync.record(nanos, TimeUnit.NANOSECONDS));
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
    }

    @Override
    public void close() {
        http.stop(0);
        gc.close();
        registry.close();
    }
}
