package dev.parley.bench;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The server's own view while it runs: its Prometheus endpoint ({@code --metrics HOST:PORT}, the server's
 * {@code --metrics-port}), scraped before and after a measured window. Optional: without it the run has every
 * other figure.
 */
final class Metrics {
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final URI uri;

    Metrics(InetSocketAddress address) {
        Transport.requireLoopback(address);
        this.uri = URI.create("http://" + address.getHostString() + ":" + address.getPort() + "/metrics");
    }

    /** Every sample line as "name{labels}" → value; empty when the endpoint does not answer. */
    Map<String, Double> scrape() {
        Map<String, Double> out = new HashMap<>();
        try {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            for (String line : r.body().split("\n")) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int space = line.lastIndexOf(' ');
                if (space > 0) {
                    try {
                        out.put(line.substring(0, space).trim(), Double.parseDouble(line.substring(space + 1).trim()));
                    } catch (NumberFormatException ignored) {
                        // not a sample
                    }
                }
            }
        } catch (java.io.IOException e) {
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return out;
    }

    /** Store and queue figures between two scrapes (Parley's metric names). */
    static Map<String, Object> storeDelta(Map<String, Double> before, Map<String, Double> after) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (before.isEmpty() || after.isEmpty()) {
            return m;
        }
        double batches = d(after, before, "parley_store_batch_latency_seconds_count");
        double commitSum = d(after, before, "parley_store_batch_latency_seconds_sum");
        double sizeSum = d(after, before, "parley_store_batch_size_sum");
        m.put("store_batches", (long) batches);
        m.put("store_operations", (long) d(after, before, "parley_store_operations_total"));
        if (batches > 0) {
            m.put("batch_size_mean", Cpu.round3(sizeSum / batches));
            m.put("batch_commit_mean_ms", Cpu.round3(commitSum / batches * 1000));
        }
        put(m, "batch_commit_p99_ms_recent", after.get("parley_store_batch_latency_seconds{quantile=\"0.99\"}"), 1000);
        put(m, "batch_commit_max_ms_recent", after.get("parley_store_batch_latency_seconds_max"), 1000);
        put(m, "batch_size_p99_recent", after.get("parley_store_batch_size{quantile=\"0.99\"}"), 1);
        put(m, "queue_depth_end", after.get("parley_queue_depth"), 1);
        put(m, "store_pending_end", after.get("parley_store_pending"), 1);
        put(m, "netty_direct_memory_bytes_end", after.get("parley_netty_direct_memory_bytes"), 1);
        return m;
    }

    static Double gauge(Map<String, Double> m, String name) {
        return m.get(name);
    }

    private static double d(Map<String, Double> after, Map<String, Double> before, String key) {
        return after.getOrDefault(key, 0.0) - before.getOrDefault(key, 0.0);
    }

    private static void put(Map<String, Object> m, String key, Double v, double scale) {
        if (v != null) {
            m.put(key, Cpu.round3(v * scale));
        }
    }
}
