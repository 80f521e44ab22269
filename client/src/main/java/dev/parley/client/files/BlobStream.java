package dev.parley.client.files;

import dev.parley.client.connection.Connection;
import dev.parley.client.connection.ConnectionListener;
import dev.parley.client.connection.Endpoint;
import dev.parley.client.connection.ServerErrorException;
import dev.parley.client.connection.ServerTrust;
import dev.parley.client.core.Requests;
import dev.parley.wire.BlobCreate;
import dev.parley.wire.BlobData;
import dev.parley.wire.BlobFetched;
import dev.parley.wire.BlobRead;
import dev.parley.wire.BlobStat;
import dev.parley.wire.BlobStatus;
import dev.parley.wire.BlobWrite;
import dev.parley.wire.Message;
import dev.parley.wire.Ok;
import dev.parley.wire.OpenBlobStream;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A file stream: a TLS connection of its own, apart from the chat connection, turned into a file
 * stream with the session token. It is never the user's chat session, so opening one takes nothing
 * over and a large transfer never delays a chat message. Requests pipeline; responses come in order.
 */
public final class BlobStream implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BlobStream.class);

    private final Connection connection;
    private final Requests requests;

    private BlobStream(Connection connection) {
        this.connection = connection;
        this.requests = new Requests() {
            @Override
            public CompletableFuture<Message> request(Message message) {
                return connection.request(message);
            }

            @Override
            public boolean connected() {
                return connection.isOpen();
            }
        };
    }

    /** How to reach the server and who we are, for opening file streams. */
    public record Access(Endpoint endpoint, ServerTrust trust, Connection.Timeouts timeouts, CredentialSource credentials) {
    }

    /** The account's name and its current session token. */
    public record Credentials(String username, byte[] token) {
        @Override
        public String toString() {
            return "Credentials[" + username + ", token=<redacted>]";
        }
    }

    /** Reads the credentials when a stream opens (the token may have changed since the last one). */
    @FunctionalInterface
    public interface CredentialSource {
        /** Throws when the client is signed out. */
        Credentials current() throws IOException;
    }

    /**
     * Connects (TLS, pinned certificate) and opens the file stream.
     *
     * @throws ServerErrorException when the server refuses the token (signed out elsewhere, expired)
     */
    public static BlobStream open(Access access) throws IOException, ServerErrorException {
        Credentials who = access.credentials().current();
        Connection connection = Connection.open(access.endpoint(), access.trust(), access.timeouts(), new ConnectionListener() {
            @Override
            public void onPush(Message push) {
                log.debug("file stream push: {}", push);
            }

            @Override
            public void onClosed(Throwable cause) {
                log.debug("file stream closed: {}", cause == null ? "on purpose" : cause.toString());
            }
        });
        BlobStream stream = new BlobStream(connection);
        try {
            stream.requests.call(new OpenBlobStream(who.username(), who.token()), Ok.class);
            return stream;
        } catch (IOException | ServerErrorException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    public BlobStatus create(long size, List<String> recipients) throws IOException, ServerErrorException {
        return requests.call(new BlobCreate(size, recipients), BlobStatus.class);
    }

    public BlobStatus stat(String blobId) throws IOException, ServerErrorException {
        return requests.call(new BlobStat(blobId), BlobStatus.class);
    }

    /** Appends bytes at offset; completes with BlobStatus (or a ServerErrorException / ConnectionClosedException). */
    public CompletableFuture<Message> write(String blobId, long offset, byte[] data) {
        return connection.request(new BlobWrite(blobId, offset, data));
    }

    /** Reads up to length bytes; completes with BlobData. */
    public CompletableFuture<Message> read(String blobId, long offset, int length) {
        return connection.request(new BlobRead(blobId, offset, length));
    }

    public void fetched(String blobId) throws IOException, ServerErrorException {
        requests.call(new BlobFetched(blobId), Ok.class);
    }

    public boolean isOpen() {
        return connection.isOpen();
    }

    /** Waits for a BlobData response. */
    static BlobData data(Message message) throws IOException {
        if (message instanceof BlobData data) {
            return data;
        }
        throw new IOException("the server answered " + message.type() + " to a read");
    }

    @Override
    public void close() {
        connection.close();
    }
}
