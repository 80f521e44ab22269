package dev.parley.client.content;

import java.util.Objects;

/** A chat message as typed by its sender; sentAtMillis is the sender's clock. */
public record Text(String text, long sentAtMillis) implements Content {

    /** Largest text in UTF-8 bytes; the wire payload cap leaves room for the cipher overhead. */
    public static final int MAX_BYTES = 64 * 1024;

    public Text {
        Objects.requireNonNull(text, "text");
        if (text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new IllegalArgumentException("a message may hold at most " + MAX_BYTES + " bytes of text");
        }
    }
}
