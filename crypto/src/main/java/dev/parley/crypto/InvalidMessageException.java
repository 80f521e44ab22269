package dev.parley.crypto;

/**
 * A ciphertext or record that is tampered, truncated, malformed, of an unknown version, or too far
 * ahead. The message deliberately does not say which integrity check failed.
 */
public class InvalidMessageException extends CryptoException {
    private static final long serialVersionUID = 1L;

    public InvalidMessageException(String message) {
        super(message);
    }

    public InvalidMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
