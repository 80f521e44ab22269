package dev.parley.client.connection;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The server presented a certificate other than the one pinned on first use: either its operator
 * replaced it, or someone is intercepting the connection. The client refuses to talk to it.
 */
public final class ServerCertificateChangedException extends IOException {

    private final Endpoint endpoint;
    private final String pinned;
    private final String presented;
    private final Path knownServers;

    public ServerCertificateChangedException(Endpoint endpoint, String pinned, String presented, Path knownServers) {
        super("the server at " + endpoint + " presented a different certificate (SHA-256 "
                + Fingerprints.display(presented) + ") from the one trusted on first use ("
                + Fingerprints.display(pinned) + "), so someone may be intercepting the connection;"
                + " if its operator really replaced the certificate, delete the line for " + endpoint
                + " from " + knownServers + " and connect again");
        this.endpoint = endpoint;
        this.pinned = pinned;
        this.presented = presented;
        this.knownServers = knownServers;
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    public String pinnedFingerprint() {
        return pinned;
    }

    public String presentedFingerprint() {
        return presented;
    }

    public Path knownServersFile() {
        return knownServers;
    }
}
