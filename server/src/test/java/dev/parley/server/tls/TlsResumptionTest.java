package dev.parley.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.server.ParleyServer;
import dev.parley.server.net.Frames;
import dev.parley.server.testing.TestServers;
import dev.parley.wire.Frame;
import dev.parley.wire.Ping;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.internal.tcnative.SSL;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.ReferenceCounted;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * TLS 1.3 session resumption with the server's context, over real sockets on 127.0.0.1: a client that keeps
 * its TLS context and tells each engine the server's host and port resumes its next connections with a
 * session ticket (no certificate is sent), with either server engine and either client engine; and the
 * BoringSSL engines are freed when their connection closes.
 */
@Timeout(60)
class TlsResumptionTest {
    @TempDir
    Path dir;

    private final EventLoopGroup loops = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final BlockingQueue<SSLEngine> serverEngines = new LinkedBlockingQueue<>();
    private final List<Channel> serverChildren = new ArrayList<>();

    @AfterEach
    void stop() {
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** A server with {@code TlsContexts.server} that writes one byte after each handshake, as the real server answers. */
    private int serveWith(SslProvider provider) throws Exception {
        assertThat(provider != SslProvider.OPENSSL_REFCNT || OpenSsl.isAvailable()).as("netty-tcnative loads here").isTrue();
        SslContext context = TlsContexts.server(ServerCertificate.selfSigned(dir.resolve("tls")), provider);
        Channel server = new ServerBootstrap().group(loops).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        SslHandler tls = context.newHandler(channel.alloc());
                        serverEngines.add(tls.engine());
                        synchronized (serverChildren) {
                            serverChildren.add(channel);
                        }
                        channel.pipeline().addLast(tls);
                        tls.handshakeFuture().addListener(done -> {
                            if (done.isSuccess()) {
                                channel.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {1}));
                            }
                        });
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** One BoringSSL client context for all connections, like the load tool's. */
    private static SslContext nettyClient() throws Exception {
        return SslContextBuilder.forClient().sslProvider(SslProvider.OPENSSL).protocols(TlsContexts.PROTOCOL)
                .trustManager(InsecureTrustManagerFactory.INSTANCE).build();
    }

    /**
     * Connects, sends {@code request} (if any), waits for the first bytes from the server (the session tickets
     * come with them), closes; returns whether the handshake resumed a session, as BoringSSL reports it.
     */
    private boolean nettyConnect(SslContext client, int port, byte[] request) throws Exception {
        CompletableFuture<Boolean> resumed = new CompletableFuture<>();
        Channel channel = new Bootstrap().group(loops).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        SslHandler tls = client.newHandler(channel.alloc(), "127.0.0.1", port);
                        channel.pipeline().addLast(tls, new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                ReferenceCountUtil.release(msg);
                                ReferenceCountedOpenSslEngine engine = (ReferenceCountedOpenSslEngine) tls.engine();
                                resumed.complete(SSL.isSessionReused(engine.sslPointer()));
                            }
                        });
                        tls.handshakeFuture().addListener(done -> {
                            if (!done.isSuccess()) {
                                resumed.completeExceptionally(done.cause());
                            } else if (request != null) {
                                channel.writeAndFlush(Unpooled.wrappedBuffer(request));
                            }
                        });
                    }
                })
                .connect("127.0.0.1", port).sync().channel();
        try {
            return resumed.get(20, TimeUnit.SECONDS);
        } finally {
            channel.close().sync();
        }
    }

    @ParameterizedTest
    @EnumSource(value = SslProvider.class, names = {"OPENSSL_REFCNT", "JDK"})
    void aNettyClientKeepingItsContextResumesItsNextConnections(SslProvider server) throws Exception {
        int port = serveWith(server);
        SslContext client = nettyClient();
        List<Boolean> resumed = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            resumed.add(nettyConnect(client, port, null));
        }
        assertThat(resumed).containsExactly(false, true, true);
    }

    @ParameterizedTest
    @EnumSource(value = SslProvider.class, names = {"OPENSSL_REFCNT", "JDK"})
    void aJdkClientKeepingItsSslContextResumesItsNextConnections(SslProvider server) throws Exception {
        int port = serveWith(server);
        AtomicInteger certificatesChecked = new AtomicInteger();
        SSLContext client = SSLContext.getInstance(TlsContexts.PROTOCOL);
        client.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                certificatesChecked.incrementAndGet();
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        List<Integer> checkedPerConnection = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int before = certificatesChecked.get();
            try (Socket plain = new Socket("127.0.0.1", port);
                 SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket(plain, "127.0.0.1", port, true)) {
                socket.setSoTimeout(20_000);
                socket.startHandshake();
                InputStream in = socket.getInputStream();
                assertThat(in.read()).isEqualTo(1); // the tickets arrive with (or before) the server's first bytes
            }
            checkedPerConnection.add(certificatesChecked.get() - before);
        }
        // a resumed TLS 1.3 handshake authenticates the server with the ticket's key: no certificate to check
        assertThat(checkedPerConnection).containsExactly(1, 0, 0);
    }

    @Test
    void theRealServerResumesSessions() throws Exception {
        try (ParleyServer server = ParleyServer.start(TestServers.config(dir.resolve("data")))) {
            SslContext client = nettyClient();
            byte[] ping = Frames.encode(new Frame(1, new Ping(7)));
            // the server writes nothing before a request, and BoringSSL sends the tickets with its first write
            assertThat(nettyConnect(client, server.port(), ping)).isFalse();
            assertThat(nettyConnect(client, server.port(), ping)).isTrue();
            assertThat(nettyConnect(client, server.port(), ping)).isTrue();
        }
    }

    @Test
    void aBoringSslEngineIsReferenceCountedAndFreedWhenItsConnectionCloses() throws Exception {
        int port = serveWith(SslProvider.OPENSSL_REFCNT);
        nettyConnect(nettyClient(), port, null);
        SSLEngine engine = serverEngines.poll(20, TimeUnit.SECONDS);
        // the plain reference-counted engine, not the OPENSSL provider's subclass that has a finalizer
        assertThat(engine).isNotNull();
        assertThat(engine.getClass()).isEqualTo(ReferenceCountedOpenSslEngine.class);
        Channel child;
        synchronized (serverChildren) {
            child = serverChildren.getFirst();
        }
        child.closeFuture().await(20, TimeUnit.SECONDS);
        // SslHandler releases it when it leaves the closed channel's pipeline
        await().atMost(Duration.ofSeconds(20)).until(() -> ((ReferenceCounted) engine).refCnt() == 0);
    }

    @Test
    void releasingTheContextTwiceIsHarmless() throws Exception {
        SslContext context = TlsContexts.server(ServerCertificate.selfSigned(dir.resolve("tls")));
        TlsContexts.release(context);
        TlsContexts.release(context);
    }
}
