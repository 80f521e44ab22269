package dev.parley.server;

import dev.parley.server.config.Settings;
import dev.parley.wire.Limits;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

/**
 * Everything the server can be told. {@link #defaults(Path)} gives working values; every limit can be
 * changed with a wither or by name in a properties file ({@link #load(Path, Path)}), where each key is
 * the component's name: {@code port=5000}, {@code messagesPerSecond=5000}, {@code idleTimeout=2m}.
 *
 * <p>Durations read as {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h}, {@code 30d} or ISO-8601;
 * sizes may use {@code KiB}, {@code MiB} and {@code GiB}; numbers may contain underscores.
 *
 * @param host                      address to bind, {@code 0.0.0.0} for all
 * @param port                      TCP port; 0 picks a free one ({@link ParleyServer#port()} tells which)
 * @param dataDir                   folder for the database and the TLS key; created if missing
 * @param tlsCertificate            PEM certificate chain to use instead of the self-signed one (with tlsKey), or null
 * @param tlsKey                    PKCS#8 PEM private key for tlsCertificate, or null
 * @param ioThreads                 network threads; 0 means one per core
 * @param transport                 network I/O: auto (io_uring on Linux 5.19 and later, else epoll, else Java NIO), io_uring, epoll or nio
 * @param metricsPort               Prometheus scrape port on the same host; -1 is off, 0 picks a free port
 * @param maxFrameBytes             largest frame body accepted (at most the protocol's 1 MiB)
 * @param maxPayloadBytes           largest ciphertext in one Send or SendGroup
 * @param messagesPerSecond         sustained Send/SendGroup rate per user
 * @param messageBurst              Send/SendGroup burst per user
 * @param requestsPerSecond         sustained rate of other requests per user (Ack and Ping are free)
 * @param requestBurst              burst of other requests per user
 * @param bundleFetchesPerSecond    sustained FetchBundle rate per user (one-time prekey draining)
 * @param bundleFetchBurst          FetchBundle burst per user; above the group size cap so a joiner can reach everyone
 * @param maxConnections            connections the whole server holds
 * @param maxConnectionsPerAddress  connections from one remote IP address
 * @param signInTimeout             an unauthenticated connection is closed after this (TLS handshake included)
 * @param tlsHandshakeTimeout       a TLS handshake must finish within this
 * @param idleTimeout               a signed-in connection that sends nothing (not even Ping) for this long is closed
 * @param maxQueuedPerUser          messages waiting for one user
 * @param maxQueuedBytesPerUser     ciphertext bytes waiting for one user
 * @param maxGroupMembers           members of one group
 * @param maxGroupsPerUser          groups one user belongs to
 * @param maxOneTimePreKeys         one-time prekeys stored per user
 * @param keysLowThreshold          below this many one-time prekeys the owner is told to publish more
 * @param minPasswordLength         shortest password accepted at sign-up, in characters
 * @param argon2MemoryKiB           Argon2id memory cost for new password hashes
 * @param argon2Iterations          Argon2id time cost
 * @param argon2Parallelism         Argon2id lanes
 * @param argon2Threads             threads that hash passwords; 0 means half the cores (at least 1)
 * @param failedSignInsPerAccount   failed sign-ins on one account before each further attempt waits (doubling)
 * @param failedSignInsPerAddress   failed sign-ins from one address before each further attempt waits (doubling)
 * @param maxSignInDelay            the longest such wait
 * @param signUpsPerAddressPerMinute sustained sign-ups from one address
 * @param signUpBurstPerAddress     sign-up burst from one address
 * @param sessionLifetime           a session token unused for this long stops working
 * @param maxSessionsPerUser        session tokens kept per user (oldest dropped)
 * @param dedupPerSender            client message ids remembered per sender for idempotent resends (at least)
 * @param maxUserList               users returned by ListUsers (online first, then by name)
 * @param presenceBroadcastLimit    while at most this many users are online, presence changes go to all of them
 * @param groupReceipts             whether group messages produce delivery receipts for their sender
 * @param writeBatchSize            most operations committed in one database transaction
 * @param commitInterval            shortest time between the starts of two commits; work arriving sooner waits for the
 *                                  next one and shares its fsync (0 commits each arrival at once)
 * @param maxPendingWrites          operations waiting for the database before new ones are refused
 * @param drainPageSize             queued messages read per step when a user signs in
 * @param synchronous               durability of the database: FULL (default, survives power loss: every reply waits
 *                                  for an fsync of the log, made off the store writer's thread), EXTRA (SQLite syncs
 *                                  inside each commit) or NORMAL (no fsync of the log: a power loss may lose the last
 *                                  acknowledged writes)
 * @param shutdownGrace             how long close() waits for in-flight work
 * @param maxFileBytes              largest file a user may send (its encrypted form may exceed this by the cipher's 0.1 % overhead)
 * @param fileQuotaPerUser          encrypted bytes one user may have waiting on the server until every recipient fetched them
 * @param maxFilesPerUser           files one user may have waiting on the server
 * @param fileExpiry                a file is deleted this long after its upload started, fetched or not
 */
public record ServerConfig(
        String host,
        int port,
        Path dataDir,
        Path tlsCertificate,
        Path tlsKey,
        int ioThreads,
        String transport,
        int metricsPort,
        int maxFrameBytes,
        int maxPayloadBytes,
        int messagesPerSecond,
        int messageBurst,
        int requestsPerSecond,
        int requestBurst,
        int bundleFetchesPerSecond,
        int bundleFetchBurst,
        int maxConnections,
        int maxConnectionsPerAddress,
        Duration signInTimeout,
        Duration tlsHandshakeTimeout,
        Duration idleTimeout,
        int maxQueuedPerUser,
        long maxQueuedBytesPerUser,
        int maxGroupMembers,
        int maxGroupsPerUser,
        int maxOneTimePreKeys,
        int keysLowThreshold,
        int minPasswordLength,
        int argon2MemoryKiB,
        int argon2Iterations,
        int argon2Parallelism,
        int argon2Threads,
        int failedSignInsPerAccount,
        int failedSignInsPerAddress,
        Duration maxSignInDelay,
        int signUpsPerAddressPerMinute,
        int signUpBurstPerAddress,
        Duration sessionLifetime,
        int maxSessionsPerUser,
        int dedupPerSender,
        int maxUserList,
        int presenceBroadcastLimit,
        boolean groupReceipts,
        int writeBatchSize,
        Duration commitInterval,
        int maxPendingWrites,
        int drainPageSize,
        String synchronous,
        Duration shutdownGrace,
        long maxFileBytes,
        long fileQuotaPerUser,
        int maxFilesPerUser,
        Duration fileExpiry) {

    public static final int DEFAULT_PORT = 5000;
    /** Default {@code commitInterval}; docs/benchmarks.md has the measurements behind it. */
    static final Duration COMMIT_INTERVAL = Duration.ofMillis(1);

    public ServerConfig {
        Settings.require(host != null && !host.isBlank(), "host must not be empty");
        Settings.require(port >= 0 && port <= 65535, "port must be between 0 and 65535");
        Settings.require(dataDir != null, "dataDir must be set");
        Settings.require((tlsCertificate == null) == (tlsKey == null), "tlsCertificate and tlsKey must be set together");
        Settings.require(ioThreads >= 0, "ioThreads must be 0 (one per core) or more");
        Settings.require(java.util.List.of("auto", "epoll", "io_uring", "nio").contains(transport),
                "transport must be auto, epoll, io_uring or nio");
        Settings.require(metricsPort >= -1 && metricsPort <= 65535, "metricsPort must be -1 (off) or a port");
        Settings.require(maxFrameBytes >= 1024 && maxFrameBytes <= Limits.MAX_FRAME_BYTES,
                "maxFrameBytes must be between 1024 and " + Limits.MAX_FRAME_BYTES);
        Settings.require(maxPayloadBytes >= 1 && maxPayloadBytes <= Limits.MAX_PAYLOAD_BYTES,
                "maxPayloadBytes must be between 1 and " + Limits.MAX_PAYLOAD_BYTES);
        Settings.positive(messagesPerSecond, "messagesPerSecond");
        Settings.positive(messageBurst, "messageBurst");
        Settings.positive(requestsPerSecond, "requestsPerSecond");
        Settings.positive(requestBurst, "requestBurst");
        Settings.positive(bundleFetchesPerSecond, "bundleFetchesPerSecond");
        Settings.positive(bundleFetchBurst, "bundleFetchBurst");
        Settings.positive(maxConnections, "maxConnections");
        Settings.positive(maxConnectionsPerAddress, "maxConnectionsPerAddress");
        Settings.positive(signInTimeout, "signInTimeout");
        Settings.positive(tlsHandshakeTimeout, "tlsHandshakeTimeout");
        Settings.positive(idleTimeout, "idleTimeout");
        Settings.positive(maxQueuedPerUser, "maxQueuedPerUser");
        Settings.require(maxQueuedBytesPerUser > 0, "maxQueuedBytesPerUser must be positive");
        Settings.require(maxGroupMembers >= 2, "maxGroupMembers must be at least 2");
        Settings.positive(maxGroupsPerUser, "maxGroupsPerUser");
        Settings.positive(maxOneTimePreKeys, "maxOneTimePreKeys");
        Settings.require(keysLowThreshold >= 0, "keysLowThreshold must not be negative");
        Settings.positive(minPasswordLength, "minPasswordLength");
        Settings.require(argon2MemoryKiB >= 8 * argon2Parallelism, "argon2MemoryKiB must be at least 8 per lane");
        Settings.positive(argon2Iterations, "argon2Iterations");
        Settings.positive(argon2Parallelism, "argon2Parallelism");
        Settings.require(argon2Threads >= 0, "argon2Threads must be 0 (automatic) or more");
        Settings.positive(failedSignInsPerAccount, "failedSignInsPerAccount");
        Settings.positive(failedSignInsPerAddress, "failedSignInsPerAddress");
        Settings.positive(maxSignInDelay, "maxSignInDelay");
        Settings.positive(signUpsPerAddressPerMinute, "signUpsPerAddressPerMinute");
        Settings.positive(signUpBurstPerAddress, "signUpBurstPerAddress");
        Settings.positive(sessionLifetime, "sessionLifetime");
        Settings.positive(maxSessionsPerUser, "maxSessionsPerUser");
        Settings.require(dedupPerSender >= 16, "dedupPerSender must be at least 16");
        Settings.positive(maxUserList, "maxUserList");
        Settings.require(maxUserList <= Limits.MAX_LIST_ITEMS, "maxUserList must be at most " + Limits.MAX_LIST_ITEMS);
        Settings.require(presenceBroadcastLimit >= 0, "presenceBroadcastLimit must not be negative");
        Settings.positive(writeBatchSize, "writeBatchSize");
        Settings.require(commitInterval != null && !commitInterval.isNegative() && commitInterval.compareTo(Duration.ofSeconds(1)) <= 0,
                "commitInterval must be between 0 and 1s");
        Settings.positive(maxPendingWrites, "maxPendingWrites");
        Settings.positive(drainPageSize, "drainPageSize");
        Settings.require("FULL".equals(synchronous) || "NORMAL".equals(synchronous) || "EXTRA".equals(synchronous),
                "synchronous must be FULL, EXTRA or NORMAL");
        Settings.require(shutdownGrace != null && !shutdownGrace.isNegative(), "shutdownGrace must not be negative");
        Settings.require(maxFileBytes > 0, "maxFileBytes must be positive");
        Settings.require(fileQuotaPerUser > 0, "fileQuotaPerUser must be positive");
        Settings.positive(maxFilesPerUser, "maxFilesPerUser");
        Settings.positive(fileExpiry, "fileExpiry");
    }

    /** Working defaults with the data (database, TLS key) in {@code dataDir}. */
    public static ServerConfig defaults(Path dataDir) {
        return new ServerConfig(
                "0.0.0.0", DEFAULT_PORT, dataDir, null, null, 0, "auto", -1,
                Limits.MAX_FRAME_BYTES, Limits.MAX_PAYLOAD_BYTES,
                200, 400, 50, 200, 10, 1_100,
                100_000, 64,
                Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(120),
                50_000, 256L << 20,
                1_024, 256,
                1_000, 10,
                8, 19_456, 2, 1, 0,
                5, 20, Duration.ofMinutes(15), 10, 20,
                Duration.ofDays(30), 8, 10_000,
                1_000, 64, true,
                1_024, COMMIT_INTERVAL, 65_536, 1_024, "FULL", Duration.ofSeconds(5),
                2L << 30, 10L << 30, 1_000, Duration.ofDays(30));
    }

    /**
     * Reads a properties file whose keys are component names; unknown keys and bad values fail with
     * a message naming the key and the file.
     */
    public static ServerConfig load(Path file, Path defaultDataDir) throws IOException {
        return defaults(defaultDataDir).withProperties(Settings.read(file), file.toString());
    }

    /** This config with the given settings (keys are component names) applied on top. */
    public ServerConfig withProperties(Properties properties, String source) {
        return Settings.apply(this, properties, source);
    }

    /** This config with one setting changed by name, e.g. {@code with("messagesPerSecond", "5000")}. */
    public ServerConfig with(String name, String value) {
        Properties one = new Properties();
        one.setProperty(name, value);
        return withProperties(one, "the setting " + name);
    }

    /** The folder of the file (blob) store. */
    public Path blobDir() {
        return dataDir.resolve("blobs");
    }

    /** Largest file, per-user quota and count, and expiry of the file store. */
    public ServerConfig withFiles(long maxFile, long quotaPerUser, int maxFiles, Duration expiry) {
        return Settings.with(Settings.with(Settings.with(Settings.with(this, "maxFileBytes", maxFile),
                "fileQuotaPerUser", quotaPerUser), "maxFilesPerUser", maxFiles), "fileExpiry", expiry);
    }

    public ServerConfig withMaxFileBytes(long value) {
        return Settings.with(this, "maxFileBytes", value);
    }

    /** The SQLite database file. */
    public Path databaseFile() {
        return dataDir.resolve("parley.db");
    }

    public ServerConfig withHost(String value) {
        return Settings.with(this, "host", value);
    }

    public ServerConfig withPort(int value) {
        return Settings.with(this, "port", value);
    }

    public ServerConfig withDataDir(Path value) {
        return Settings.with(this, "dataDir", value);
    }

    /** Use this PEM certificate chain and PKCS#8 PEM key instead of the self-signed pair. */
    public ServerConfig withCertificate(Path certificateChain, Path privateKey) {
        return Settings.with(Settings.with(this, "tlsCertificate", certificateChain), "tlsKey", privateKey);
    }

    public ServerConfig withIoThreads(int value) {
        return Settings.with(this, "ioThreads", value);
    }

    /** auto, epoll, io_uring or nio. */
    public ServerConfig withTransport(String value) {
        return Settings.with(this, "transport", value);
    }

    public ServerConfig withMetricsPort(int value) {
        return Settings.with(this, "metricsPort", value);
    }

    public ServerConfig withMaxFrameBytes(int value) {
        return Settings.with(this, "maxFrameBytes", value);
    }

    public ServerConfig withMaxPayloadBytes(int value) {
        return Settings.with(this, "maxPayloadBytes", value);
    }

    /** Send/SendGroup rate per user: sustained per second and burst. */
    public ServerConfig withMessageRate(int perSecond, int burst) {
        return Settings.with(Settings.with(this, "messagesPerSecond", perSecond), "messageBurst", burst);
    }

    /** Rate of other requests per user: sustained per second and burst. */
    public ServerConfig withRequestRate(int perSecond, int burst) {
        return Settings.with(Settings.with(this, "requestsPerSecond", perSecond), "requestBurst", burst);
    }

    public ServerConfig withBundleFetchRate(int perSecond, int burst) {
        return Settings.with(Settings.with(this, "bundleFetchesPerSecond", perSecond), "bundleFetchBurst", burst);
    }

    public ServerConfig withMaxConnections(int value) {
        return Settings.with(this, "maxConnections", value);
    }

    public ServerConfig withMaxConnectionsPerAddress(int value) {
        return Settings.with(this, "maxConnectionsPerAddress", value);
    }

    public ServerConfig withSignInTimeout(Duration value) {
        return Settings.with(this, "signInTimeout", value);
    }

    public ServerConfig withTlsHandshakeTimeout(Duration value) {
        return Settings.with(this, "tlsHandshakeTimeout", value);
    }

    public ServerConfig withIdleTimeout(Duration value) {
        return Settings.with(this, "idleTimeout", value);
    }

    public ServerConfig withMaxQueuedPerUser(int value) {
        return Settings.with(this, "maxQueuedPerUser", value);
    }

    public ServerConfig withMaxQueuedBytesPerUser(long value) {
        return Settings.with(this, "maxQueuedBytesPerUser", value);
    }

    public ServerConfig withMaxGroupMembers(int value) {
        return Settings.with(this, "maxGroupMembers", value);
    }

    public ServerConfig withMaxGroupsPerUser(int value) {
        return Settings.with(this, "maxGroupsPerUser", value);
    }

    public ServerConfig withMaxOneTimePreKeys(int value) {
        return Settings.with(this, "maxOneTimePreKeys", value);
    }

    public ServerConfig withKeysLowThreshold(int value) {
        return Settings.with(this, "keysLowThreshold", value);
    }

    public ServerConfig withMinPasswordLength(int value) {
        return Settings.with(this, "minPasswordLength", value);
    }

    /** Argon2id cost for new hashes (existing hashes keep the parameters they were made with). */
    public ServerConfig withArgon2(int memoryKiB, int iterations, int parallelism) {
        return Settings.with(Settings.with(Settings.with(this, "argon2MemoryKiB", memoryKiB),
                "argon2Iterations", iterations), "argon2Parallelism", parallelism);
    }

    public ServerConfig withArgon2Threads(int value) {
        return Settings.with(this, "argon2Threads", value);
    }

    /** Failed sign-ins allowed per account and per address before each further one waits. */
    public ServerConfig withSignInThrottle(int perAccount, int perAddress, Duration maxDelay) {
        return Settings.with(Settings.with(Settings.with(this, "failedSignInsPerAccount", perAccount),
                "failedSignInsPerAddress", perAddress), "maxSignInDelay", maxDelay);
    }

    public ServerConfig withSignUpRate(int perMinutePerAddress, int burstPerAddress) {
        return Settings.with(Settings.with(this, "signUpsPerAddressPerMinute", perMinutePerAddress),
                "signUpBurstPerAddress", burstPerAddress);
    }

    public ServerConfig withSessionLifetime(Duration value) {
        return Settings.with(this, "sessionLifetime", value);
    }

    public ServerConfig withMaxSessionsPerUser(int value) {
        return Settings.with(this, "maxSessionsPerUser", value);
    }

    public ServerConfig withDedupPerSender(int value) {
        return Settings.with(this, "dedupPerSender", value);
    }

    public ServerConfig withMaxUserList(int value) {
        return Settings.with(this, "maxUserList", value);
    }

    public ServerConfig withPresenceBroadcastLimit(int value) {
        return Settings.with(this, "presenceBroadcastLimit", value);
    }

    public ServerConfig withGroupReceipts(boolean value) {
        return Settings.with(this, "groupReceipts", value);
    }

    public ServerConfig withWriteBatchSize(int value) {
        return Settings.with(this, "writeBatchSize", value);
    }

    public ServerConfig withMaxPendingWrites(int value) {
        return Settings.with(this, "maxPendingWrites", value);
    }

    public ServerConfig withDrainPageSize(int value) {
        return Settings.with(this, "drainPageSize", value);
    }

    /** SQLite synchronous mode: FULL (default), EXTRA or NORMAL. */
    public ServerConfig withSynchronous(String value) {
        return Settings.with(this, "synchronous", value);
    }

    public ServerConfig withShutdownGrace(Duration value) {
        return Settings.with(this, "shutdownGrace", value);
    }
}
