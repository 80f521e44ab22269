package dev.parley.crypto.internal.ratchet;

/** Version and type bytes that start every ciphertext of this module: {@code version ‖ type ‖ ...}. */
public final class Formats {
    public static final int VERSION = 1;
    public static final int TYPE_MESSAGE = 1;
    public static final int TYPE_PREKEY_MESSAGE = 2;
    public static final int TYPE_SENDER_KEY_MESSAGE = 3;
    public static final int TYPE_SENDER_KEY_DISTRIBUTION = 4;

    private Formats() {}
}
