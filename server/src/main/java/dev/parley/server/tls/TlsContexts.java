package dev.parley.server.tls;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.DelegatingSslContext;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.ReferenceCountedOpenSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.lang.ref.Cleaner;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;

/**
 * The server's TLS settings: TLS 1.3 only (every 1.3 suite is an AEAD with forward secrecy, and 1.3
 * has no renegotiation), no client certificates. BoringSSL through netty-tcnative when its native
 * library loads, else the JDK's engine with the same protocol list.
 *
 * <p><b>Session resumption.</b> Both engines issue TLS 1.3 session tickets, so a client that reconnects
 * with a ticket skips the certificate and its signature (a {@code psk_dhe_ke} handshake: a fresh
 * X25519 exchange still gives the resumed connection forward secrecy). Tickets are stateless: the
 * server keeps nothing per ticket. The ticket keys are random per server start and live only in memory
 * (BoringSSL makes them itself and rotates them every two days; the JDK every hour), so after a restart
 * every client does one full handshake again. BoringSSL accepts a ticket for up to two days and
 * re-authenticates with the certificate at least every seven; Netty turns tickets off on the context
 * (for TLS 1.2) and back on per connection for TLS 1.3 — here they are on for the whole context,
 * independent of the {@code jdk.tls.server.enableSessionTicketExtension} property Netty reads for that.
 * BoringSSL holds the tickets of a handshake back until the server's first write; Parley always
 * answers the sign-in, so they go out with that answer.
 *
 * <p><b>Memory per connection</b> (what a server holding tens of thousands of idle connections pays for):
 * engines are reference counted ({@code OPENSSL_REFCNT}): {@code SslHandler} frees an engine's native
 * state when the channel closes, with no finalizer per engine. Each engine's buffer for TLS records that
 * BoringSSL writes outside of a wrap (the handshake flight answering a ClientHello, alerts) is
 * {@value #HANDSHAKE_BUFFER_BYTES} bytes instead of Netty's 2,048: it lives as long as the connection,
 * and a larger flight is simply carried over to the next wrap.
 */
public final class TlsContexts {
    public static final String PROTOCOL = "TLSv1.3";
    /** Per-engine native buffer for records written outside of a wrap; see the class comment. */
    static final int HANDSHAKE_BUFFER_BYTES = 256;
    private static final Cleaner CLEANER = Cleaner.create(Thread.ofPlatform().daemon().name("parley-tls-cleaner").factory());

    private TlsContexts() {
    }

    public static SslContext server(ServerCertificate certificate) throws IOException {
        return server(certificate, OpenSsl.isAvailable() ? SslProvider.OPENSSL_REFCNT : SslProvider.JDK);
    }

    /** With a given provider: {@link SslProvider#OPENSSL_REFCNT} or {@link SslProvider#JDK} (tests use both). */
    static SslContext server(ServerCertificate certificate, SslProvider provider) throws IOException {
        if (provider != SslProvider.OPENSSL_REFCNT && provider != SslProvider.JDK) {
            throw new IllegalArgumentException("the server uses OPENSSL_REFCNT or JDK, not " + provider);
        }
        SslContext context;
        try {
            context = SslContextBuilder.forServer(certificate.certificateFile().toFile(), certificate.keyFile().toFile())
                    .sslProvider(provider)
                    .protocols(PROTOCOL)
                    .clientAuth(ClientAuth.NONE)
                    .build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IOException("the TLS certificate or key could not be used: " + e.getMessage(), e);
        }
        if (context instanceof ReferenceCountedOpenSslContext openSsl) {
            try {
                openSsl.sessionContext().setTicketKeys(); // tickets on for the whole context; no keys given: BoringSSL's own
                openSsl.setBioNonApplicationBufferSize(HANDSHAKE_BUFFER_BYTES);
            } catch (RuntimeException e) {
                openSsl.release();
                throw e;
            }
            return new Released(openSsl);
        }
        return context; // the JDK engine issues stateless TLS 1.3 tickets by default
    }

    /**
     * Releases the native context behind {@code context} now (once; later calls do nothing). Without this call
     * it is released when {@code context} becomes unreachable. Connections still open keep it alive until they
     * close: every engine holds a reference of its own.
     */
    public static void release(SslContext context) {
        if (context instanceof Released released) {
            released.release.clean();
        }
    }

    /** Which TLS implementation the server uses, for the start-up line and the logs. */
    public static String providerName() {
        return OpenSsl.isAvailable() ? "OpenSSL " + OpenSsl.versionString() : "JDK";
    }

    /**
     * A reference-counted BoringSSL context behind a plain {@link SslContext}: callers that never release it
     * (it lives as long as the server) leave that to a {@link Cleaner}, one for the context instead of a
     * finalizer for every engine.
     */
    private static final class Released extends DelegatingSslContext {
        private final Cleaner.Cleanable release;

        Released(ReferenceCountedOpenSslContext context) {
            super(context);
            this.release = CLEANER.register(this, context::release); // runs at most once
        }

        @Override
        protected void initEngine(SSLEngine engine) {
        }
    }
}
