package dev.parley.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The server's TLS setup as an independent client (the openssl command) sees it. */
@Timeout(120)
class TlsConfigurationTest {
    @TempDir
    static Path data;

    static ParleyServer server;

    @BeforeAll
    static void start() throws Exception {
        if (!"true".equals(System.getenv("CI"))) {
            assumeTrue(OpenSsl.available(), "openssl is not installed");
        }
        server = ParleyServer.start(ServerConfig.defaults(data).withHost("127.0.0.1").withPort(0));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void tls13IsNegotiatedWithAnAeadSuite() throws Exception {
        OpenSsl.Result result = OpenSsl.connect(server.port(), "-tls1_3");
        assertThat(result.output()).contains("TLSv1.3");
        assertThat(result.output()).containsPattern("Cipher is TLS_(AES_128_GCM_SHA256|AES_256_GCM_SHA384|CHACHA20_POLY1305_SHA256)");
    }

    @Test
    void tls12IsRefused() throws Exception {
        assertHandshakeFails(OpenSsl.connect(server.port(), "-tls1_2"));
    }

    @Test
    void tls11AndOlderAreRefused() throws Exception {
        OpenSsl.Result result = OpenSsl.connect(server.port(), "-tls1_1", "-cipher", "DEFAULT:@SECLEVEL=0");
        assertHandshakeFails(result);
    }

    @Test
    void weakTls12SuitesAreRefusedEvenWhenOfferedAlone() throws Exception {
        int tried = 0;
        for (String suite : new String[] {"DES-CBC3-SHA", "RC4-SHA", "AES128-SHA", "ECDHE-RSA-AES128-SHA",
                "ECDHE-ECDSA-AES128-SHA", "AES128-GCM-SHA256", "ECDHE-ECDSA-AES128-GCM-SHA256"}) {
            String offer = suite + ":@SECLEVEL=0";
            if (OpenSsl.run(java.util.List.of("ciphers", offer), "").exitCode() != 0) {
                continue; // this openssl build cannot even offer the suite
            }
            assertHandshakeFails(OpenSsl.connect(server.port(), "-tls1_2", "-cipher", offer));
            tried++;
        }
        assertThat(tried).as("weak suites this openssl could offer").isGreaterThanOrEqualTo(3);
    }

    @Test
    void theCertificateIsTheOneWhoseFingerprintTheServerAnnounces() throws Exception {
        OpenSsl.Result handshake = OpenSsl.connect(server.port(), "-tls1_3", "-showcerts");
        String pem = handshake.output().substring(handshake.output().indexOf("-----BEGIN CERTIFICATE-----"),
                handshake.output().indexOf("-----END CERTIFICATE-----") + "-----END CERTIFICATE-----".length());
        OpenSsl.Result fingerprint = OpenSsl.run(java.util.List.of("x509", "-noout", "-fingerprint", "-sha256"), pem + "\n");
        assertThat(fingerprint.output().toUpperCase()).contains(server.certificateFingerprint().toUpperCase());
    }

    private static void assertHandshakeFails(OpenSsl.Result result) {
        assertThat(result.exitCode()).as("openssl s_client exit code; output:%n%s", result.output()).isNotZero();
        assertThat(result.output())
                .as("handshake output")
                .contains("Cipher is (NONE)")
                .doesNotContain("BEGIN CERTIFICATE");
    }
}
