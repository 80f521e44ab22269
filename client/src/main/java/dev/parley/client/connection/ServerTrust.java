package dev.parley.client.connection;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;

/** How the client decides to trust the server's TLS certificate. */
public sealed interface ServerTrust {

    /** Pin the server's certificate on first use and refuse a different one afterwards. */
    record PinOnFirstUse(KnownServers knownServers) implements ServerTrust {
    }

    /** Trust certificates issued by these authorities for the server's host name (a "real" certificate). */
    record Authority(List<X509Certificate> certificates) implements ServerTrust {

        public Authority {
            certificates = List.copyOf(certificates);
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException("no CA certificate given");
            }
        }

        /** Reads one or more PEM or DER certificates from a file. */
        public static Authority load(Path file) throws IOException {
            try (InputStream in = Files.newInputStream(file)) {
                List<X509Certificate> certificates = CertificateFactory.getInstance("X.509")
                        .generateCertificates(in).stream()
                        .map(X509Certificate.class::cast)
                        .toList();
                if (certificates.isEmpty()) {
                    throw new IOException(file + " holds no certificate");
                }
                return new Authority(certificates);
            } catch (CertificateException | ClassCastException e) {
                throw new IOException(file + " is not a PEM or DER certificate file", e);
            }
        }

        static List<Certificate> asCertificates(Authority authority) {
            return List.copyOf(authority.certificates());
        }
    }
}
