package dev.parley.client;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A file that arrived, passed every check and is saved.
 *
 * @param sender    who sent it
 * @param group     the group it was sent to, or null for a direct file
 * @param name      the saved file's name (the safe form of the sender's name, perhaps with " (n)")
 * @param size      its size in bytes
 * @param mediaType the sender's media type, if well-formed, else application/octet-stream
 * @param path      where it was saved, inside the downloads folder
 */
public record ReceivedFile(String sender, String group, String name, long size, String mediaType, Path path) {

    public ReceivedFile {
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(path, "path");
    }
}
