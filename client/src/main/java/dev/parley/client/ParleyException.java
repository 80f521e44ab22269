package dev.parley.client;

import dev.parley.wire.ErrorCode;
import java.util.Optional;

/**
 * Why a client operation failed. {@link #getMessage()} is one plain sentence for the user, in the
 * server's style (lower case, no full stop); it never contains a stack trace, a key or a password.
 */
public final class ParleyException extends RuntimeException {

    /** The kinds of failure a user interface may want to tell apart. */
    public enum Reason {
        /** Wrong username or password (the server does not say which). */
        WRONG_CREDENTIALS,
        /** The username is taken. */
        USERNAME_TAKEN,
        /** A name, text or argument is not acceptable. */
        INVALID_INPUT,
        /** The operation needs a signed-in account. */
        NOT_SIGNED_IN,
        /** The server cannot be reached right now. */
        UNREACHABLE,
        /** The server's certificate differs from the pinned one. */
        CERTIFICATE_CHANGED,
        /** The server did not answer in time. */
        TIMEOUT,
        /** This data folder holds no keys for the account. */
        NO_LOCAL_KEYS,
        /** The session token is no longer valid; sign in again. */
        SESSION_EXPIRED,
        /** The server refused the request; see {@link #serverCode()}. */
        REFUSED,
        /** The local store failed (disk full, damaged file). */
        STORAGE,
        /** A bug; details are in the log. */
        INTERNAL
    }

    private final Reason reason;
    private final ErrorCode serverCode;

    public ParleyException(Reason reason, String sentence) {
        this(reason, sentence, null, null);
    }

    public ParleyException(Reason reason, String sentence, ErrorCode serverCode, Throwable cause) {
        super(sentence, cause);
        this.reason = reason;
        this.serverCode = serverCode;
    }

    public Reason reason() {
        return reason;
    }

    /** The server's error code when the server refused the request. */
    public Optional<ErrorCode> serverCode() {
        return Optional.ofNullable(serverCode);
    }
}
