package dev.parley.crypto;

/** Checked root of every error this module reports. Messages never contain key material. */
public class CryptoException extends Exception {
    private static final long serialVersionUID = 1L;

    public CryptoException(String message) {
        super(message);
    }

    public CryptoException(String message, Throwable cause) {
        super(message, cause);
    }
}
