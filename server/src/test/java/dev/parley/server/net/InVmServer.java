package dev.parley.server.net;

import dev.parley.server.account.AccountService;
import dev.parley.server.account.PasswordHasher;
import dev.parley.server.account.SessionTokens;
import dev.parley.server.account.SignInThrottle;
import dev.parley.server.groups.GroupService;
import dev.parley.server.keys.KeyDirectory;
import dev.parley.server.limits.AddressBuckets;
import dev.parley.server.persist.Effects;
import dev.parley.server.persist.StoreOp;
import dev.parley.server.persist.StoreWriter;
import dev.parley.server.persist.WriteContext;
import dev.parley.server.presence.PresenceService;
import dev.parley.server.routing.Deliveries;
import dev.parley.server.routing.MessageRouter;
import dev.parley.server.routing.RoutingLimits;
import dev.parley.server.state.Connection;
import dev.parley.server.state.Directory;
import dev.parley.server.store.sqlite.SqliteDatabase;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.local.LocalServerChannel;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The server's real pipeline and real services — every handler of {@link ServerInitializer} except
 * TLS, the real store writer on a real SQLite file — served over Netty's in-VM transport, so a fuzz
 * test can open thousands of connections a second. Wired the way {@code ParleyServer.start} wires
 * them, with test limits (cheap password hashing, generous rates) and {@code synchronous=OFF}: this
 * is about parsing and request handling, not durability.
 */
final class InVmServer implements AutoCloseable {
    final SqliteDatabase db;
    final StoreWriter writer;
    final ThreadPoolExecutor passwordPool;
    final ConnectionRegistry registry;
    private final EventLoopGroup loops;
    private final LocalAddress address = new LocalAddress("parley-in-vm-" + UUID.randomUUID());
    private final Channel serverChannel;

    InVmServer(Path dataDir) throws InterruptedException {
        db = SqliteDatabase.open(dataDir.resolve("parley.db"), "OFF");
        Directory directory = new Directory();
        long last = directory.loadCounters(db);
        db.commit();
        Clock clock = Clock.systemUTC();
        writer = new StoreWriter(db, directory, clock, 1024, 65_536, last + 1).start();
        SecureRandom random = new SecureRandom();
        passwordPool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(256),
                task -> Thread.ofPlatform().name("in-vm-password").daemon().unstarted(task), new ThreadPoolExecutor.AbortPolicy());
        PresenceService presence = new PresenceService(directory, clock, 64, 1000);
        Deliveries deliveries = new Deliveries(directory, 1024);
        deliveries.writer(writer);
        AccountService accounts = new AccountService(new AccountService.Policy(8, 30L * 24 * 3600 * 1000, 8, 10),
                directory, writer, passwordPool, new PasswordHasher(1024, 1, 1, random), new SessionTokens(random),
                new SignInThrottle(1_000_000, 1_000_000, TimeUnit.SECONDS.toNanos(1), System::nanoTime),
                new AddressBuckets(1_000_000, 1_000_000, System::nanoTime), deliveries, presence, System::nanoTime);
        KeyDirectory keys = new KeyDirectory(new KeyDirectory.Policy(1000, 10, 1_000_000, 1_000_000), directory, writer,
                System::nanoTime);
        MessageRouter router = new MessageRouter(directory, writer, deliveries,
                new RoutingLimits(50_000, 256L << 20, 10_000, true), 256 * 1024);
        GroupService groups = new GroupService(new GroupService.Policy(1024, 256), directory, writer);
        registry = new ConnectionRegistry(1_000_000, 1_000_000, Long.MAX_VALUE, Long.MAX_VALUE);
        RateLimiter rateLimiter = new RateLimiter(1_000_000, 1_000_000, 1_000_000, 1_000_000, System::nanoTime);
        Dispatcher dispatcher = new Dispatcher(accounts, keys, router, groups, presence);
        ConnectionLifecycle lifecycle = new ConnectionLifecycle(registry, writer, directory, presence, deliveries, 1 << 20);
        ConnectionHandler handler = new ConnectionHandler(rateLimiter, dispatcher, lifecycle);
        loops = new MultiThreadIoEventLoopGroup(1, LocalIoHandler.newFactory());
        serverChannel = new ServerBootstrap().group(loops).channel(LocalServerChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.attr(Connection.KEY).set(new Connection(channel, "in-vm", System.nanoTime()));
                        channel.pipeline().addLast("tls-stand-in", new HandshakeDone());
                        ServerInitializer.addProtocol(channel.pipeline(), 1 << 20, null, handler);
                    }
                })
                .bind(address).sync().channel();
    }

    /** Where TLS would be: reports a finished handshake as soon as the connection is up, as SslHandler does. */
    private static final class HandshakeDone extends ChannelInboundHandlerAdapter {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.fireChannelActive();
            ctx.pipeline().fireUserEventTriggered(SslHandshakeCompletionEvent.SUCCESS);
        }
    }

    /** A client connection whose inbound bytes go to the given handler. */
    Channel connect(ChannelHandler handler) throws InterruptedException {
        return new Bootstrap().group(loops).channel(LocalChannel.class).handler(handler).connect(address).sync().channel();
    }

    /** Returns once the password pool is idle and everything submitted to the store writer before now has run. */
    void quiesce() throws InterruptedException {
        for (int round = 0; round < 2; round++) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while ((passwordPool.getActiveCount() > 0 || !passwordPool.getQueue().isEmpty()) && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            CountDownLatch done = new CountDownLatch(1);
            writer.submit(new StoreOp() {
                @Override
                protected void execute(WriteContext context) {
                }

                @Override
                protected void committed(WriteContext context, Effects effects) {
                    done.countDown();
                }

                @Override
                protected void failed(Effects effects, RuntimeException cause) {
                    done.countDown();
                }
            });
            done.await(5, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
        passwordPool.shutdownNow();
        writer.closeWithin(5, TimeUnit.SECONDS);
        loops.shutdownGracefully(0, 100, TimeUnit.MILLISECONDS).syncUninterruptibly();
        db.close();
    }
}
