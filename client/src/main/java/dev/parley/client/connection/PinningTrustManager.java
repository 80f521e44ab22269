package dev.parley.client.connection;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts exactly the certificate pinned for one server, or — when none is pinned yet — whatever
 * the server presents, remembering its fingerprint so the caller can pin it once the handshake
 * has completed (trust on first use, as SSH does).
 */
final class PinningTrustManager extends X509ExtendedTrustManager {

    private final Endpoint endpoint;
    private final Optional<String> pinned;
    private final java.nio.file.Path knownServersFile;
    private volatile String presented;
    private final java.util.Map<Socket, Boolean> checkedOn = java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    PinningTrustManager(Endpoint endpoint, Optional<String> pinned, java.nio.file.Path knownServersFile) {
        this.endpoint = endpoint;
        this.pinned = pinned;
        this.knownServersFile = knownServersFile;
    }

    /** The fingerprint the server presented in the last handshake. */
    String presented() {
        return presented;
    }

    private void verify(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("the server presented no certificate");
        }
        String fingerprint = Fingerprints.of(chain[0]);
        presented = fingerprint;
        if (pinned.isPresent() && !pinned.get().equals(fingerprint)) {
            // the cause is what the caller finds in the handshake's failure and throws
            ServerCertificateChangedException changed =
                    new ServerCertificateChangedException(endpoint, pinned.get(), fingerprint, knownServersFile);
            throw new CertificateException(changed.getMessage(), changed);
        }
    }

    /** Whether a certificate was checked during the handshake on this socket (not, when it resumed a session). */
    boolean checkedCertificateOn(Socket socket) {
        return checkedOn.remove(socket) != null;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        if (socket != null) {
            checkedOn.put(socket, Boolean.TRUE);
        }
        verify(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        verify(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        verify(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw new CertificateException("a client does not accept connections");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        throw new CertificateException("a client does not accept connections");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("a client does not accept connections");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
