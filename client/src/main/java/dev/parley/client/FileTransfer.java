package dev.parley.client;

import java.util.Objects;

/**
 * One file on its way, as a user interface shows it.
 *
 * @param id        distinguishes transfers within this client
 * @param direction upload (we send) or download (we receive)
 * @param peer      the recipient (a user or, when {@code group}, the group or groups) or the sender
 * @param group     for a download: the group it was sent to, or null for a direct file; for an upload:
 *                  null when sent to a user
 * @param name      the file's name: ours when sending, the safe form of the sender's when receiving
 * @param size      the file's size in bytes (plaintext)
 * @param mediaType e.g. {@code image/jpeg}
 */
public record FileTransfer(long id, Direction direction, String peer, String group, String name, long size,
                           String mediaType) {

    public FileTransfer {
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mediaType, "mediaType");
    }

    /** Which way a file moves. */
    public enum Direction { UPLOAD, DOWNLOAD }
}
