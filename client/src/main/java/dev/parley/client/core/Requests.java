package dev.parley.client.core;

import dev.parley.client.connection.ConnectionClosedException;
import dev.parley.client.connection.ServerErrorException;
import dev.parley.wire.Message;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/** Requests to the server over whatever connection is current. */
public interface Requests {

    /** Sends a request; the future fails with ConnectionClosedException when there is no connection. */
    CompletableFuture<Message> request(Message message);

    boolean connected();

    /**
     * Sends a request that wants no success response (frame id 0; the server reports only a failure,
     * as an Error push). False when it could not be written. By default a normal request whose answer
     * is ignored.
     */
    default boolean tell(Message message) {
        request(message);
        return connected();
    }

    /**
     * Sends a request and waits for a response of the expected type.
     *
     * @throws ServerErrorException when the server refused it
     * @throws IOException when the connection ended or the server did not answer in time
     */
    default <T extends Message> T call(Message message, Class<T> expected) throws ServerErrorException, IOException {
        try {
            Message response = request(message).get();
            if (!expected.isInstance(response)) {
                throw new IOException("the server answered " + response.type() + " to " + message.type());
            }
            return expected.cast(response);
        } catch (ExecutionException e) {
            throw unwrap(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectionClosedException("interrupted while waiting for the server", e);
        }
    }

    private static IOException unwrap(Throwable cause) throws ServerErrorException, IOException {
        if (cause instanceof ServerErrorException error) {
            throw error;
        }
        if (cause instanceof IOException io) {
            return io;
        }
        if (cause instanceof TimeoutException timeout) {
            return new RequestTimeoutException(timeout);
        }
        return new IOException("the request failed", cause);
    }

    /** The server did not answer in time. */
    final class RequestTimeoutException extends IOException {
        RequestTimeoutException(Throwable cause) {
            super("the server did not answer in time", cause);
        }
    }
}
