package dev.parley.wire;

/** Hard sizes of the protocol. Both sides reject anything larger before allocating for it. */
public final class Limits {
    /** Largest frame body (after the 4-byte length prefix). */
    public static final int MAX_FRAME_BYTES = 1 << 20;
    /** Largest opaque ciphertext carried by one Send or SendGroup. */
    public static final int MAX_PAYLOAD_BYTES = 256 * 1024;
    public static final int MAX_NAME_BYTES = 64;
    public static final int MAX_PASSWORD_BYTES = 1024;
    public static final int MAX_TEXT_BYTES = 4096;
    public static final int MAX_KEY_BYTES = 1024;
    public static final int MAX_TOKEN_BYTES = 64;
    public static final int MAX_PREKEYS_PER_UPLOAD = 200;
    public static final int MAX_ACKS_PER_FRAME = 4096;
    public static final int MAX_LIST_ITEMS = 20_000;
    /** Largest blob chunk moved in one frame. */
    public static final int MAX_CHUNK_BYTES = 512 * 1024;

    private Limits() {
    }
}
