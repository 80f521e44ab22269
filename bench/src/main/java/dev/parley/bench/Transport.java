package dev.parley.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The load generator's network side: a few event loops (epoll where available), pooled direct buffers, TLS 1.3
 * that trusts any server certificate (a loopback benchmark of our own server: there is nothing to authenticate;
 * every run says so in its output), and connections spread over several 127.0.0.x source addresses so that
 * more connections fit than one address's ephemeral ports allow.
 *
 * <p>TLS sessions are resumed the way a real client resumes them (unless {@code tlsResume} is off): one client
 * context for the whole run, and every engine is told the server's host and port, which is what the context's
 * session cache is keyed by; a connection then offers a ticket the server gave an earlier one. Whether a
 * handshake really was resumed is observed, not assumed: in TLS 1.3 the server authenticates either with its
 * certificate (a full handshake) or with the ticket's key (resumed: no certificate is sent), and the trust
 * manager sees every certificate, so a handshake that completes without showing one was resumed. Counted in
 * {@link BenchStats#tlsResumed} and {@link BenchStats#tlsFull}, and on each {@link Conn}.
 *
 * <p>The key exchange is the one the Parley client makes: it runs on the JDK 25's TLS, which offers X25519 first
 * and sends only an X25519 key share. BoringSSL's own default for a client is the post-quantum hybrid
 * X25519MLKEM768 (an ML-KEM key pair and decapsulation on the client, an encapsulation on the server, 2.3 KiB more
 * on the wire), which would make every handshake of the load tool dearer than a real client's on both sides;
 * {@link #CLIENT_GROUPS} keeps it to X25519, and {@code --tls-groups} measures another choice.
 *
 * <p>BoringSSL engines are reference counted, as on the server: {@code SslHandler} frees each when its connection
 * closes, without a finalizer per engine for the garbage collector to run (W3 opens 38,000 connections a run).
 */
public final class Transport implements AutoCloseable {
    /** The key-exchange groups the Parley client offers (the JDK 25 default, whose key share is X25519). */
    public static final List<String> CLIENT_GROUPS = List.of("X25519");
    /**
     * Tickets kept for the next connections (Netty's default is 20,480). Every connection spends one and brings
     * new ones, so a thousand cover any number of sign-ins in flight; Netty looks a ticket up by walking the set of
     * one server's tickets from its start, and in a set that had grown to 20,480 and been spent from the front that
     * walk took 3 % of the generator's CPU during W3's sign-ins.
     */
    static final int SESSION_CACHE_SIZE = 1_024;

    private final EventLoopGroup group;
    private final Class<? extends SocketChannel> channelClass;
    private final boolean epoll;
    private final String transportName;
    private final SslContext ssl;
    private final SslProvider provider;
    private final boolean tlsResume;
    private final List<String> tlsGroups;
    private final TrustAnyCertificate trust = new TrustAnyCertificate();
    private final InetSocketAddress server;
    private final List<InetAddress> sources;
    private final AtomicInteger nextSource = new AtomicInteger();
    private final BenchStats stats;
    private final int connectTimeoutMillis;
    private volatile String serverFingerprint;

    public Transport(InetSocketAddress server, int threads, int sourceCount, String tlsProvider, BenchStats stats,
                     int connectTimeoutMillis) {
        this(server, threads, sourceCount, tlsProvider, "epoll", stats, connectTimeoutMillis);
    }

    /** @param transport epoll (default; nio where epoll is missing), io_uring or nio */
    public Transport(InetSocketAddress server, int threads, int sourceCount, String tlsProvider, String transport, BenchStats stats,
                     int connectTimeoutMillis) {
        this(server, threads, sourceCount, tlsProvider, transport, true, CLIENT_GROUPS, stats, connectTimeoutMillis);
    }

    /**
     * @param tlsResume whether connections resume TLS sessions (see the class comment); off, every handshake is a full one
     * @param tlsGroups the key-exchange groups offered, in order (BoringSSL names such as X25519, X25519MLKEM768, P-256);
     *                  the JDK provider keeps its own default, which is the Parley client's
     */
    public Transport(InetSocketAddress server, int threads, int sourceCount, String tlsProvider, String transport, boolean tlsResume,
                     List<String> tlsGroups, BenchStats stats, int connectTimeoutMillis) {
        requireLoopback(server);
        this.tlsResume = tlsResume;
        this.server = server;
        this.stats = stats;
        this.connectTimeoutMillis = connectTimeoutMillis;
        IoHandlerFactory factory;
        switch (transport) {
            case "io_uring" -> {
                if (!io.netty.channel.uring.IoUring.isAvailable()) {
                    throw new IllegalArgumentException("--transport io_uring is not available here: " + io.netty.channel.uring.IoUring.unavailabilityCause());
                }
                factory = io.netty.channel.uring.IoUringIoHandler.newFactory();
                this.channelClass = io.netty.channel.uring.IoUringSocketChannel.class;
                this.transportName = "io_uring";
            }
            case "nio" -> {
                factory = NioIoHandler.newFactory();
                this.channelClass = NioSocketChannel.class;
                this.transportName = "nio";
            }
            case "epoll" -> {
                boolean epoll = Epoll.isAvailable();
                factory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
                this.channelClass = epoll ? EpollSocketChannel.class : NioSocketChannel.class;
                this.transportName = epoll ? "epoll" : "nio";
            }
            default -> throw new IllegalArgumentException("--transport must be epoll, io_uring or nio");
        }
        this.epoll = transportName.equals("epoll");
        this.group = new MultiThreadIoEventLoopGroup(threads, new io.netty.util.concurrent.DefaultThreadFactory("bench-io", true), factory);
        this.provider = chooseProvider(tlsProvider);
        this.tlsGroups = provider == SslProvider.JDK ? List.of() : List.copyOf(tlsGroups);
        try {
            SslContextBuilder builder = SslContextBuilder.forClient()
                    .sslProvider(provider)
                    .protocols("TLSv1.3")
                    .sessionCacheSize(SESSION_CACHE_SIZE)
                    .trustManager(trust);
            if (!this.tlsGroups.isEmpty()) {
                builder.option(io.netty.handler.ssl.OpenSslContextOption.GROUPS, this.tlsGroups.toArray(String[]::new));
            }
            this.ssl = builder.build();
        } catch (javax.net.ssl.SSLException e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
        this.sources = sourceAddresses(server, sourceCount);
    }

    /** Refuses every target but this machine's loopback: the load tool never sends traffic anywhere else. */
    public static void requireLoopback(InetSocketAddress server) {
        InetAddress address = server.getAddress();
        if (address == null || !address.isLoopbackAddress()) {
            throw new IllegalArgumentException("the load tool only targets loopback addresses (127.0.0.0/8, ::1), not " + server);
        }
    }

    private static SslProvider chooseProvider(String name) {
        return switch (name) {
            case "jdk" -> SslProvider.JDK;
            case "openssl" -> {
                if (!io.netty.handler.ssl.OpenSsl.isAvailable()) {
                    throw new IllegalArgumentException("--tls-provider openssl: netty-tcnative is not available here");
                }
                yield SslProvider.OPENSSL_REFCNT;
            }
            default -> io.netty.handler.ssl.OpenSsl.isAvailable() ? SslProvider.OPENSSL_REFCNT : SslProvider.JDK;
        };
    }

    private static List<InetAddress> sourceAddresses(InetSocketAddress server, int count) {
        List<InetAddress> out = new ArrayList<>();
        if (count <= 0 || !(server.getAddress() instanceof Inet4Address)) {
            return out;
        }
        for (int i = 0; i < Math.min(count, 250); i++) {
            int host = 2 + i; // 127.0.0.2, 127.0.0.3, ...: all bindable on Linux without setup
            try {
                out.add(InetAddress.getByAddress(new byte[]{127, 0, 0, (byte) host}));
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    public String transportName() {
        return transportName;
    }

    /** The groups offered, or "JDK default" for the JDK provider. */
    public String tlsGroupsName() {
        return tlsGroups.isEmpty() ? "JDK default" : String.join(":", tlsGroups);
    }

    public String tlsProviderName() {
        return provider == SslProvider.JDK ? "jdk" : "openssl";
    }

    public boolean tlsResume() {
        return tlsResume;
    }

    public int sourceCount() {
        return sources.size();
    }

    public InetSocketAddress server() {
        return server;
    }

    public EventLoopGroup group() {
        return group;
    }

    /** SHA-256 of the server certificate as seen in the first handshake, hex. */
    public String serverFingerprint() {
        return serverFingerprint;
    }

    /** Opens a TLS connection; completes once the handshake is done. */
    public CompletableFuture<Conn> connect(Conn.Listener listener) {
        Conn conn = new Conn(listener, stats);
        CompletableFuture<Conn> result = new CompletableFuture<>();
        Bootstrap b = new Bootstrap()
                .group(group)
                .channel(channelClass)
                .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        conn.bind(ch);
                        // the peer's host and port key the context's session cache; without them nothing is resumed
                        SslHandler tls = tlsResume ? ssl.newHandler(ch.alloc(), server.getHostString(), server.getPort())
                                : ssl.newHandler(ch.alloc());
                        tls.setHandshakeTimeoutMillis(connectTimeoutMillis);
                        ch.pipeline().addLast("tls", tls);
                        ch.pipeline().addLast("frames", new LengthFieldBasedFrameDecoder(4 + dev.parley.wire.Limits.MAX_FRAME_BYTES, 0, 4, 0, 4));
                        ch.pipeline().addLast("conn", conn);
                        tls.handshakeFuture().addListener(f -> {
                            boolean certificateShown = trust.certificateShownTo(tls.engine());
                            if (f.isSuccess()) {
                                conn.tlsResumed = !certificateShown;
                                (certificateShown ? stats.tlsFull : stats.tlsResumed).increment();
                                if (serverFingerprint == null) {
                                    serverFingerprint = fingerprint(tls);
                                }
                                result.complete(conn);
                            } else {
                                stats.connectFailures.increment();
                                stats.lastError(f.cause());
                                result.completeExceptionally(f.cause());
                                ch.close();
                            }
                        });
                    }
                });
        if (epoll && !sources.isEmpty()) {
            b.option(EpollChannelOption.IP_BIND_ADDRESS_NO_PORT, true);
        }

        ChannelFuture f;
        if (sources.isEmpty()) {
            f = b.connect(server);
        } else {
            InetAddress source = sources.get(Math.floorMod(nextSource.getAndIncrement(), sources.size()));
            f = b.connect(server, new InetSocketAddress(source, 0));
        }
        conn.bind(f.channel());
        f.addListener(done -> {
            if (!done.isSuccess()) {
                stats.connectFailures.increment();
                stats.lastError(done.cause());
                result.completeExceptionally(done.cause());
            }
        });
        return result;
    }

    /**
     * Trusts any server certificate (a loopback benchmark of our own server: there is nothing to authenticate)
     * and remembers the engines it was shown one for, until {@link #certificateShownTo} asks.
     */
    static final class TrustAnyCertificate extends X509ExtendedTrustManager {
        private final Set<SSLEngine> shown = ConcurrentHashMap.newKeySet();

        /** Whether the server showed {@code engine} a certificate; forgets the engine. */
        boolean certificateShownTo(SSLEngine engine) {
            return shown.remove(engine);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            shown.add(engine);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("the load tool is a client only");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    private static String fingerprint(SslHandler tls) {
        try {
            Certificate[] chain = tls.engine().getSession().getPeerCertificates();
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(chain[0].getEncoded());
            return HexFormat.of().formatHex(digest);
        } catch (Exception e) {
            return "unknown";
        }
    }

    /** Runs {@code task} on every event loop and waits, so that what they wrote is visible to the caller. */
    public void barrier() {
        List<io.netty.util.concurrent.Future<?>> all = new ArrayList<>();
        for (io.netty.util.concurrent.EventExecutor e : group) {
            all.add(e.submit(() -> { }));
        }
        for (io.netty.util.concurrent.Future<?> f : all) {
            f.awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    public int threads() {
        int n = 0;
        for (io.netty.util.concurrent.EventExecutor ignored : group) {
            n++;
        }
        return n;
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
        if (ssl instanceof io.netty.util.ReferenceCounted counted && counted.refCnt() > 0) {
            counted.release(); // the reference-counted BoringSSL context (engines still open hold references of their own)
        }
    }

    static Channel channelOf(Conn c) {
        return c.channel();
    }
}
