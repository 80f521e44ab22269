package dev.parley.crypto;

/** A message whose key was already used: a duplicate delivery or a replay. */
public class DuplicateMessageException extends CryptoException {
    private static final long serialVersionUID = 1L;

    public DuplicateMessageException(String message) {
        super(message);
    }
}
