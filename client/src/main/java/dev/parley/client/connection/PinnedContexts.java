package dev.parley.client.connection;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;

/**
 * One TLS context per server and pinned certificate, kept for the life of the process, so that every
 * connection after the first — a reconnect, a file transfer — resumes the TLS session with a ticket
 * the server gave an earlier one: no certificate, no signature, a fresh X25519 exchange still (the
 * JDK's TLS 1.3 resumption is {@code psk_dhe_ke}). A session is only ever created by a full handshake
 * that showed the pinned certificate, so resuming it trusts nothing new. A different pin (the user
 * accepted a new certificate) is a different key and so a new context with no sessions.
 */
final class PinnedContexts {
    private record Key(Endpoint endpoint, String fingerprint, Path knownServersFile) {
    }

    /** The context and the trust manager it checks full handshakes with. */
    record Pinned(SSLContext context, PinningTrustManager trust) {
    }

    private static final Map<Key, Pinned> CONTEXTS = new ConcurrentHashMap<>();

    private PinnedContexts() {
    }

    static Pinned forServer(Endpoint endpoint, String fingerprint, Path knownServersFile) throws IOException {
        Key key = new Key(endpoint, fingerprint, knownServersFile);
        Pinned pinned = CONTEXTS.get(key);
        if (pinned == null) {
            PinningTrustManager trust = new PinningTrustManager(endpoint, java.util.Optional.of(fingerprint), knownServersFile);
            Pinned created = new Pinned(Connection.tlsContext(trust), trust);
            pinned = java.util.Objects.requireNonNullElse(CONTEXTS.putIfAbsent(key, created), created);
        }
        return pinned;
    }
}
