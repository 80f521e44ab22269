package dev.parley.crypto;

/** A key, key record or prekey bundle that is malformed, badly signed, or unknown (missing prekey). */
public class InvalidKeyException extends CryptoException {
    private static final long serialVersionUID = 1L;

    public InvalidKeyException(String message) {
        super(message);
    }

    public InvalidKeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
