package dev.parley.crypto;

/** There is no session (pairwise) or no sender key (group) to encrypt or decrypt with. */
public class NoSessionException extends CryptoException {
    private static final long serialVersionUID = 1L;

    public NoSessionException(String message) {
        super(message);
    }
}
