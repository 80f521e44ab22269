package dev.parley.client.connection;

import dev.parley.wire.Message;

/** Receives what the server pushes and learns when the connection ends. Called on the reader thread. */
public interface ConnectionListener {

    /** A push (frame id 0) from the server. Must not block. */
    void onPush(Message push);

    /** The connection ended; cause is null when it was closed on purpose. Called exactly once. */
    void onClosed(Throwable cause);
}
