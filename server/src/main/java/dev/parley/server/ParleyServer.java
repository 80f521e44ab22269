package dev.parley.server;

import dev.parley.server.account.AccountService;
import dev.parley.server.account.PasswordHasher;
import dev.parley.server.account.SessionTokens;
import dev.parley.server.account.SignInThrottle;
import dev.parley.server.blob.BlobService;
import dev.parley.server.blob.BlobSettings;
import dev.parley.server.groups.GroupService;
import dev.parley.server.keys.KeyDirectory;
import dev.parley.server.limits.AddressBuckets;
import dev.parley.server.metrics.ServerMetrics;
import dev.parley.server.net.ConnectionLifecycle;
import dev.parley.server.net.ConnectionRegistry;
import dev.parley.server.net.Dispatcher;
import dev.parley.server.net.RateLimiter;
import dev.parley.server.net.ServerInitializer;
import dev.parley.server.net.Transport;
import dev.parley.server.persist.Durability;
import dev.parley.server.persist.Effects;
import dev.parley.server.persist.StoreOp;
import dev.parley.server.persist.StoreWriter;
import dev.parley.server.persist.WriteContext;
import dev.parley.server.presence.PresenceService;
import dev.parley.server.protocol.Texts;
import dev.parley.server.routing.Deliveries;
import dev.parley.server.routing.MessageRouter;
import dev.parley.server.routing.RoutingLimits;
import dev.parley.server.state.Account;
import dev.parley.server.state.Connection;
import dev.parley.server.state.Directory;
import dev.parley.server.state.Group;
import dev.parley.server.store.AccountStore.StoredAccount;
import dev.parley.server.store.GroupStore.StoredGroup;
import dev.parley.server.store.StoreException;
import dev.parley.server.store.Stores;
import dev.parley.server.store.sqlite.Checkpointer;
import dev.parley.server.store.sqlite.LogSync;
import dev.parley.server.store.sqlite.SqliteDatabase;
import dev.parley.server.tls.ServerCertificate;
import dev.parley.server.tls.TlsContexts;
import dev.parley.wire.ErrorCode;
import dev.parley.wire.Presence;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Parley server: the one class that wires everything together. {@link #start} returns once the
 * port accepts connections; {@link #close} stops accepting, lets queued work commit and its replies
 * go out, closes every connection with a clear Error, and closes the store.
 */
public final class ParleyServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ParleyServer.class);

    private final ServerConfig config;
    private final Resources resources;
    private final Channel serverChannel;
    private final String fingerprint;
    private final ServerMetrics metrics;
    private volatile boolean closed;

    private ParleyServer(ServerConfig config, Resources resources, Channel serverChannel, String fingerprint, ServerMetrics metrics) {
        this.config = config;
        this.resources = resources;
        this.serverChannel = serverChannel;
        this.fingerprint = fingerprint;
        this.metrics = metrics;
    }

    /** Starts the server; returns once it accepts connections. */
    public static ParleyServer start(ServerConfig config) throws ServerStartException {
        Resources resources = new Resources();
        try {
            return start(config, resources);
        } catch (ServerStartException e) {
            resources.close(config);
            throw e;
        } catch (RuntimeException e) {
            resources.close(config);
            throw new ServerStartException("the server could not start: " + e.getMessage(), e);
        }
    }

    private static ServerStartException because(String sentence, Throwable cause) {
        return new ServerStartException(sentence, cause);
    }

    private static ParleyServer start(ServerConfig config, Resources r) throws ServerStartException {
        Path data = config.dataDir().toAbsolutePath();
        r.lock = lockDataDir(data);
        ServerCertificate certificate = certificate(config, data);
        SslContext ssl;
        try {
            ssl = TlsContexts.server(certificate);
            r.ssl = ssl;
        } catch (IOException e) {
            throw because(e.getMessage(), e);
        }
        Clock clock = Clock.systemUTC();
        // FULL is carried out as NORMAL commits plus a sync of the log on a thread of its own (Durability): the same
        // guarantee for every reply, without the writer waiting for the disk. EXTRA and NORMAL are left to SQLite.
        boolean syncApart = "FULL".equals(config.synchronous());
        try {
            r.stores = SqliteDatabase.open(config.databaseFile(), syncApart ? "NORMAL" : config.synchronous());
        } catch (StoreException e) {
            throw because("the database in " + data + " could not be opened: " + e.getMessage(), e);
        }
        Directory directory = new Directory();
        long lastMessageId = load(r.stores, directory);
        r.checkpointer = Checkpointer.start(r.stores, config.synchronous(), 200);
        if (syncApart) {
            r.logSync = new LogSync(config.databaseFile());
        }
        Durability durability = syncApart
                ? Durability.afterSync(r.logSync::sync, config.maxPendingWrites())
                : Durability.immediate();
        StoreWriter writer = new StoreWriter(r.stores, directory, clock, config.writeBatchSize(),
                config.commitInterval(), config.maxPendingWrites(), lastMessageId + 1, durability).start();
        r.writer = writer;

        SecureRandom random = new SecureRandom();
        r.passwordPool = passwordPool(config);
        PresenceService presence = new PresenceService(directory, clock, config.presenceBroadcastLimit(), config.maxUserList());
        Deliveries deliveries = new Deliveries(directory, config.drainPageSize());
        deliveries.writer(writer);
        SignInThrottle throttle = new SignInThrottle(config.failedSignInsPerAccount(), config.failedSignInsPerAddress(),
                config.maxSignInDelay().toNanos(), System::nanoTime);
        AddressBuckets signUps = new AddressBuckets(config.signUpBurstPerAddress(), config.signUpsPerAddressPerMinute() / 60.0,
                System::nanoTime);
        AccountService accounts = new AccountService(
                new AccountService.Policy(config.minPasswordLength(), config.sessionLifetime().toMillis(),
                        config.maxSessionsPerUser(), config.keysLowThreshold()),
                directory, writer, r.passwordPool,
                new PasswordHasher(config.argon2MemoryKiB(), config.argon2Iterations(), config.argon2Parallelism(), random),
                new SessionTokens(random), throttle, signUps, deliveries, presence, System::nanoTime);
        KeyDirectory keys = new KeyDirectory(new KeyDirectory.Policy(config.maxOneTimePreKeys(), config.keysLowThreshold(),
                config.bundleFetchesPerSecond(), config.bundleFetchBurst()), directory, writer, System::nanoTime);
        MessageRouter router = new MessageRouter(directory, writer, deliveries,
                new RoutingLimits(config.maxQueuedPerUser(), config.maxQueuedBytesPerUser(), config.dedupPerSender(),
                        config.groupReceipts()), config.maxPayloadBytes());
        GroupService groups = new GroupService(new GroupService.Policy(config.maxGroupMembers(), config.maxGroupsPerUser()),
                directory, writer);
        ConnectionRegistry registry = new ConnectionRegistry(config.maxConnections(), config.maxConnectionsPerAddress(),
                config.signInTimeout().toNanos(), config.idleTimeout().toNanos());
        r.registry = registry;
        r.directory = directory;

        Transport transport;
        try {
            transport = Transport.choose(config.transport());
        } catch (IllegalStateException | LinkageError e) {
            throw because(e.getMessage(), e);
        }
        int threads = config.ioThreads() > 0 ? config.ioThreads() : Runtime.getRuntime().availableProcessors();
        r.loops = new MultiThreadIoEventLoopGroup(threads, transport.io());
        Class<? extends ServerChannel> channelType = transport.serverChannel();
        try {
            r.blobs = BlobService.start(new BlobSettings(config.maxFileBytes(), config.fileQuotaPerUser(), config.maxFilesPerUser(),
                            config.fileExpiry(), BlobSettings.defaults().maxPendingPerStream()), config.blobDir(), directory, writer,
                    throttle, config.sessionLifetime().toMillis(), clock);
        } catch (IOException e) {
            throw because("the file store in " + config.blobDir() + " could not be opened: " + e.getMessage(), e);
        }
        ServerInitializer initializer = new ServerInitializer(ssl, config.tlsHandshakeTimeout().toMillis(), config.maxFrameBytes(),
                new RateLimiter(config.messagesPerSecond(), config.messageBurst(), config.requestsPerSecond(), config.requestBurst(),
                        System::nanoTime),
                new Dispatcher(accounts, keys, router, groups, presence),
                new ConnectionLifecycle(registry, writer, directory, presence, deliveries, config.maxFrameBytes()),
                r.blobs.gate());
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(r.loops)
                .channel(channelType)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(64 * 1024, 256 * 1024))
                .childHandler(initializer);
        transport.configure(bootstrap);
        Channel channel;
        try {
            channel = bootstrap.bind(config.host(), config.port()).sync().channel();
        } catch (Exception e) {
            throw bindFailure(config, e);
        }
        r.sweeper = r.loops.next().scheduleAtFixedRate(() -> registry.sweep(System.nanoTime()), 1, 1, TimeUnit.SECONDS);
        r.forgetter = r.loops.next().scheduleAtFixedRate(() -> {
            throttle.sweep();
            signUps.sweep();
        }, 1, 1, TimeUnit.MINUTES);
        ServerMetrics metrics = null;
        if (config.metricsPort() >= 0) {
            try {
                metrics = ServerMetrics.start(config.host(), config.metricsPort(), registry, directory, writer, router);
                metrics.files(r.blobs.store());
            } catch (IOException e) {
                channel.close();
                throw because("the metrics port " + config.metricsPort() + " could not be opened: " + e.getMessage(), e);
            }
        }
        int port = ((InetSocketAddress) channel.localAddress()).getPort();
        LOG.info("event=server_started port={} transport={} tls=\"{}\" users={} groups={} queued={} data={}", port,
                transport.name(), TlsContexts.providerName(), directory.accountCount(), directory.groups().size(),
                directory.totalQueued(), data);
        return new ParleyServer(config, r, channel, certificate.fingerprint(), metrics);
    }

    /** The port the server listens on (the real one when the config asked for 0). */
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** SHA-256 of the DER certificate, upper-case hex pairs joined by colons. */
    public String certificateFingerprint() {
        return fingerprint;
    }

    /** The Prometheus port, or -1 when metrics are off. */
    public int metricsPort() {
        return metrics == null ? -1 : metrics.port();
    }

    public ServerConfig config() {
        return config;
    }

    /** Connections currently open (for tests and operators). */
    public int connectionCount() {
        return resources.registry.size();
    }

    /** The file store (for tests and operators). */
    public BlobService files() {
        return resources.blobs;
    }

    /** Users currently signed in. */
    public int onlineCount() {
        return resources.directory.online().size();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long started = System.nanoTime();
        serverChannel.close().syncUninterruptibly();
        if (metrics != null) {
            metrics.close();
        }
        resources.writer.submit(new AllOfflineOp());
        resources.close(config);
        LOG.info("event=server_stopped took_ms={}", (System.nanoTime() - started) / 1_000_000);
    }

    private static ServerStartException bindFailure(ServerConfig config, Exception e) {
        if (e instanceof BindException || e.getCause() instanceof BindException
                || String.valueOf(e.getMessage()).contains("Address already in use")) {
            return because("port " + config.port() + " on " + config.host()
                    + " is already in use; stop the other program or choose another port with --port", e);
        }
        if (String.valueOf(e.getMessage()).contains("Permission denied")) {
            return because("not allowed to listen on port " + config.port() + "; ports below 1024 need special rights, choose another with --port", e);
        }
        return because("cannot listen on " + config.host() + ":" + config.port() + " (" + e.getMessage() + ")", e);
    }

    private static FileChannel lockDataDir(Path data) throws ServerStartException {
        try {
            if (!Files.isDirectory(data)) {
                Files.createDirectories(data.getParent());
                try {
                    Files.createDirectory(data, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                            java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
                } catch (UnsupportedOperationException e) {
                    Files.createDirectory(data);
                }
            }
            Path lockFile = data.resolve("server.lock");
            FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw because("another Parley server is already using the data folder " + data, null);
            }
            return channel;
        } catch (AccessDeniedException e) {
            throw because("cannot write to the data folder " + data + " (permission denied); choose another with --data", e);
        } catch (FileSystemException e) {
            throw because("cannot use the data folder " + data + " (" + (e.getReason() == null ? e.getMessage() : e.getReason())
                    + "); choose another with --data", e);
        } catch (IOException e) {
            throw because("cannot use the data folder " + data + " (" + e.getMessage() + "); choose another with --data", e);
        }
    }

    private static ServerCertificate certificate(ServerConfig config, Path data) throws ServerStartException {
        try {
            return config.tlsCertificate() != null
                    ? ServerCertificate.configured(config.tlsCertificate(), config.tlsKey())
                    : ServerCertificate.selfSigned(data.resolve("tls"));
        } catch (IOException e) {
            throw because(e.getMessage(), e);
        }
    }

    /** Reads accounts, groups, memberships and queue counters into memory; returns the highest message id used. */
    private static long load(Stores stores, Directory directory) throws ServerStartException {
        try {
            for (StoredAccount stored : stores.accounts().all()) {
                directory.add(new Account(stored.id(), stored.username(), stored.passwordHash(), stored.lastSeenMillis()));
            }
            for (StoredGroup stored : stores.groups().all()) {
                directory.add(new Group(stored.id(), stored.name()));
            }
            for (long[] membership : stores.groups().memberships()) {
                Group group = directory.group(membership[0]);
                Account account = directory.account(membership[1]);
                if (group != null && account != null) {
                    group.add(account);
                    account.joined(group);
                }
            }
            long last = directory.loadCounters(stores);
            stores.commit();
            return last;
        } catch (StoreException e) {
            throw because("the database could not be read: " + e.getMessage(), e);
        }
    }

    private static ExecutorService passwordPool(ServerConfig config) {
        int threads = config.argon2Threads() > 0 ? config.argon2Threads()
                : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        AtomicInteger counter = new AtomicInteger();
        return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(256),
                task -> Thread.ofPlatform().name("parley-password-" + counter.incrementAndGet()).daemon().unstarted(task),
                new ThreadPoolExecutor.AbortPolicy());
    }

    /** At shutdown: everyone signed in goes offline with last seen now. */
    private static final class AllOfflineOp extends StoreOp {
        @Override
        protected void execute(WriteContext context) {
            long now = context.nowMillis();
            for (Account account : List.copyOf(context.directory().online())) {
                account.presence(Presence.OFFLINE, now);
                context.stores().accounts().setLastSeen(account.id(), now);
            }
        }

        @Override
        protected void committed(WriteContext context, Effects effects) {
        }

        @Override
        protected void failed(Effects effects, RuntimeException cause) {
        }
    }

    /** Everything start() opened, closed in reverse order by close() or by a failed start. */
    private static final class Resources {
        FileChannel lock;
        SqliteDatabase stores;
        Checkpointer checkpointer;
        LogSync logSync;
        SslContext ssl;
        StoreWriter writer;
        ExecutorService passwordPool;
        EventLoopGroup loops;
        ScheduledFuture<?> sweeper;
        ScheduledFuture<?> forgetter;
        ConnectionRegistry registry;
        Directory directory;
        BlobService blobs;

        void close(ServerConfig config) {
            long graceMillis = config.shutdownGrace().toMillis();
            if (sweeper != null) {
                sweeper.cancel(false);
                forgetter.cancel(false);
            }
            if (passwordPool != null) {
                passwordPool.shutdownNow();
            }
            if (writer != null) {
                writer.closeWithin(Math.max(graceMillis, 1_000), TimeUnit.MILLISECONDS);
            }
            if (registry != null) {
                closeConnections(graceMillis);
            }
            if (loops != null) {
                loops.shutdownGracefully(0, Math.max(graceMillis, 100), TimeUnit.MILLISECONDS).awaitUninterruptibly(graceMillis + 5_000);
            }
            if (blobs != null) {
                blobs.close();
            }
            if (ssl != null) {
                TlsContexts.release(ssl);
            }
            if (checkpointer != null) {
                checkpointer.close();
            }
            if (logSync != null) {
                try {
                    logSync.close();
                } catch (IOException e) {
                    LOG.warn("event=log_sync_close_failed reason=\"{}\"", e.getMessage());
                }
            }
            if (stores != null) {
                try {
                    stores.close();
                } catch (RuntimeException e) {
                    LOG.warn("event=store_close_failed reason=\"{}\"", e.getMessage());
                }
            }
            if (lock != null) {
                try {
                    lock.close();
                } catch (IOException e) {
                    LOG.warn("event=lock_release_failed reason=\"{}\"", e.getMessage());
                }
            }
        }

        private void closeConnections(long graceMillis) {
            List<Future<?>> closing = new ArrayList<>();
            for (Connection connection : registry.connections()) {
                closing.add(connection.channel().closeFuture());
                connection.loop().execute(() -> connection.closeWith(ErrorCode.UNAVAILABLE, Texts.SHUTTING_DOWN));
            }
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(graceMillis);
            for (Future<?> future : closing) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !future.awaitUninterruptibly(TimeUnit.NANOSECONDS.toMillis(left) + 1)) {
                    break;
                }
            }
            for (Connection connection : registry.connections()) {
                connection.channel().close();
            }
        }
    }
}
