package dev.parley.client;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link ParleyClient} reaches its server and where it keeps its data.
 *
 * @param serverHost       the server's host name or address
 * @param port             the server's port
 * @param dataDir          the folder holding one sub-folder per account and the pinned server certificates
 * @param caCertificate    a CA certificate file to trust instead of pinning on first use, or null
 * @param requestTimeout   how long a request waits for its response
 * @param connectTimeout   how long connecting and the TLS handshake may take
 * @param pingInterval     how often an idle connection is checked with a Ping
 * @param reconnectMin     first wait before reconnecting; doubles up to reconnectMax, with jitter
 * @param reconnectMax     longest wait between reconnect attempts
 * @param collectedEvents  how many events {@link ParleyClient#events()} keeps (0: none, use listeners)
 * @param clock            the clock for timestamps and key rotation
 * @param downloadsDir     where received files are saved, or null for {@code <dataDir>/<account>/downloads}
 */
public record ClientOptions(String serverHost, int port, Path dataDir, Path caCertificate, Duration requestTimeout,
                            Duration connectTimeout, Duration pingInterval, Duration reconnectMin,
                            Duration reconnectMax, int collectedEvents, Clock clock, Path downloadsDir) {

    public static final int DEFAULT_PORT = 5000;
    public static final Path DEFAULT_DATA_DIR = Path.of("parley-data", "clients");

    public ClientOptions {
        Objects.requireNonNull(serverHost, "serverHost");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(pingInterval, "pingInterval");
        Objects.requireNonNull(reconnectMin, "reconnectMin");
        Objects.requireNonNull(reconnectMax, "reconnectMax");
        Objects.requireNonNull(clock, "clock");
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port " + port + " is not between 1 and 65535");
        }
    }

    /** Without a downloads folder of its own (received files go to each account's folder). */
    public ClientOptions(String serverHost, int port, Path dataDir, Path caCertificate, Duration requestTimeout,
                         Duration connectTimeout, Duration pingInterval, Duration reconnectMin, Duration reconnectMax,
                         int collectedEvents, Clock clock) {
        this(serverHost, port, dataDir, caCertificate, requestTimeout, connectTimeout, pingInterval, reconnectMin,
                reconnectMax, collectedEvents, clock, null);
    }

    /**
     * Defaults: pin on first use, 10 s requests, 25 s pings, reconnect after 0.2 s … 30 s, 10,000 events
     * kept, received files in {@code <dataDir>/<account>/downloads}.
     */
    public static ClientOptions of(String serverHost, int port, Path dataDir) {
        return new ClientOptions(serverHost, port, dataDir, null, Duration.ofSeconds(10), Duration.ofSeconds(10),
                Duration.ofSeconds(25), Duration.ofMillis(200), Duration.ofSeconds(30), 10_000, Clock.systemUTC(), null);
    }

    /** Saves received files in this folder (created if missing) instead of each account's own. */
    public ClientOptions withDownloads(Path folder) {
        return new ClientOptions(serverHost, port, dataDir, caCertificate, requestTimeout, connectTimeout, pingInterval,
                reconnectMin, reconnectMax, collectedEvents, clock, folder);
    }

    public ClientOptions withCaCertificate(Path file) {
        return new ClientOptions(serverHost, port, dataDir, file, requestTimeout, connectTimeout, pingInterval,
                reconnectMin, reconnectMax, collectedEvents, clock, downloadsDir);
    }

    public ClientOptions withRequestTimeout(Duration timeout) {
        return new ClientOptions(serverHost, port, dataDir, caCertificate, timeout, connectTimeout, pingInterval,
                reconnectMin, reconnectMax, collectedEvents, clock, downloadsDir);
    }

    public ClientOptions withPingInterval(Duration interval) {
        return new ClientOptions(serverHost, port, dataDir, caCertificate, requestTimeout, connectTimeout, interval,
                reconnectMin, reconnectMax, collectedEvents, clock, downloadsDir);
    }

    public ClientOptions withReconnect(Duration min, Duration max) {
        return new ClientOptions(serverHost, port, dataDir, caCertificate, requestTimeout, connectTimeout,
                pingInterval, min, max, collectedEvents, clock, downloadsDir);
    }

    public ClientOptions withCollectedEvents(int count) {
        return new ClientOptions(serverHost, port, dataDir, caCertificate, requestTimeout, connectTimeout,
                pingInterval, reconnectMin, reconnectMax, count, clock, downloadsDir);
    }

    public ClientOptions withClock(Clock newClock) {
        return new ClientOptions(serverHost, port, dataDir, caCertificate, requestTimeout, connectTimeout,
                pingInterval, reconnectMin, reconnectMax, collectedEvents, newClock, downloadsDir);
    }
}
