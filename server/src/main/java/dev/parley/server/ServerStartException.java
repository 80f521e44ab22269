package dev.parley.server;

/** The server could not start; the message is one plain sentence saying why and, where possible, what to do. */
public final class ServerStartException extends Exception {
    public ServerStartException(String sentence, Throwable cause) {
        super(sentence, cause);
    }
}
