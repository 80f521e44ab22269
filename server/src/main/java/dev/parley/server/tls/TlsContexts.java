package dev.parley.server.tls;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import javax.net.ssl.SSLException;

/**
 * The server's TLS settings: TLS 1.3 only (every 1.3 suite is an AEAD with forward secrecy, and 1.3
 * has no renegotiation), no client certificates. BoringSSL through netty-tcnative when its native
 * library loads, else the JDK's engine with the same protocol list.
 */
public final class TlsContexts {
    public static final String PROTOCOL = "TLSv1.3";

    private TlsContexts() {
    }

    public static SslContext server(ServerCertificate certificate) throws IOException {
        SslProvider provider = OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
        try {
            return SslContextBuilder.forServer(certificate.certificateFile().toFile(), certificate.keyFile().toFile())
                    .sslProvider(provider)
                    .protocols(PROTOCOL)
                    .clientAuth(ClientAuth.NONE)
                    .build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IOException("the TLS certificate or key could not be used: " + e.getMessage(), e);
        }
    }

    /** Which TLS implementation the server uses, for the start-up line and the logs. */
    public static String providerName() {
        return OpenSsl.isAvailable() ? "OpenSSL " + OpenSsl.versionString() : "JDK";
    }
}
