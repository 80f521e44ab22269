package dev.parley.client.content;

/** Decrypted bytes that are not a well-formed content of a version this build understands. */
public class InvalidContentException extends Exception {

    public InvalidContentException(String message) {
        super(message);
    }
}
