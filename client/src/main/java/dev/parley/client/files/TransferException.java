package dev.parley.client.files;

import dev.parley.wire.ErrorCode;

/**
 * A transfer that cannot go on; the message is one sentence for the user. {@code serverCode} is set
 * when the server refused it.
 */
public final class TransferException extends Exception {
    private final transient ErrorCode serverCode;

    public TransferException(String sentence, ErrorCode serverCode, Throwable cause) {
        super(sentence, cause);
        this.serverCode = serverCode;
    }

    public TransferException(String sentence, Throwable cause) {
        this(sentence, null, cause);
    }

    public ErrorCode serverCode() {
        return serverCode;
    }
}
