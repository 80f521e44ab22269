package dev.parley.client.content;

/** Well-framed content of a kind or version this build does not know (sent by a newer client). */
public final class UnsupportedContentException extends InvalidContentException {

    public UnsupportedContentException(String message) {
        super(message);
    }
}
