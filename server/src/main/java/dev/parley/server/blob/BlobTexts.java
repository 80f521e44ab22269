package dev.parley.server.blob;

import java.util.Locale;

/** Every sentence the file store says to clients. */
final class BlobTexts {
    static final String NOT_FOUND = "there is no such file on the server; it may have expired or been fetched by everyone";
    static final String ONLY_FILES = "this connection carries files only; use your chat connection for that";
    static final String OPEN_FIRST = "files move on a connection of their own: open a new connection and send OpenBlobStream first";
    static final String OPEN_ON_NEW = "open the file stream on a new connection, not on a signed-in one";
    static final String ALREADY_OPEN = "this connection is already a file stream";
    static final String NO_RECIPIENTS = "a file needs at least one recipient";
    static final String EMPTY = "an upload cannot be empty";
    static final String NO_ROOM = "the server has no room for this file right now; try again later";
    static final String DISK_FAILED = "the server could not store that right now; try again shortly";
    static final String BAD_READ = "that read is outside the file";

    private BlobTexts() {
    }

    static String tooLarge(long cap) {
        return "files may be at most " + size(cap);
    }

    static String quota(long quota, long used) {
        return "your files waiting on the server would take more than your quota of " + size(quota) + " (" + size(used)
                + " in use); they are freed once every recipient has them";
    }

    static String tooMany(int cap) {
        return "you have " + cap + " files waiting on the server, the most allowed; they are freed once every recipient has them";
    }

    static String tooManyRecipients(int cap) {
        return "a file may go to at most " + cap + " recipients";
    }

    static String wrongOffset(long stored) {
        return "this upload continues at byte " + stored;
    }

    static String beyondSize(long size) {
        return "that goes beyond the " + size + " bytes announced for this file";
    }

    static String unknownUser(String name) {
        return "there is no user called " + name;
    }

    /** 2 GiB, 1.5 GiB, 300 MiB, 12 KiB, 17 bytes. */
    static String size(long bytes) {
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        if (bytes < 1024) {
            return bytes + (bytes == 1 ? " byte" : " bytes");
        }
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        String number = value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.1f", value);
        return number + " " + units[unit];
    }
}
