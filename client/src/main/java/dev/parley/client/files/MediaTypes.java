package dev.parley.client.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** A file's media type: what the platform says ({@link Files#probeContentType}), else by extension, else octet-stream. */
public final class MediaTypes {
    public static final String UNKNOWN = "application/octet-stream";
    private static final Pattern SHAPE = Pattern.compile("[a-z0-9][a-z0-9!#$&^_.+-]{0,62}/[a-z0-9][a-z0-9!#$&^_.+-]{0,62}");
    private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
            Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"), Map.entry("png", "image/png"),
            Map.entry("gif", "image/gif"), Map.entry("webp", "image/webp"), Map.entry("heic", "image/heic"),
            Map.entry("heif", "image/heif"), Map.entry("avif", "image/avif"), Map.entry("bmp", "image/bmp"),
            Map.entry("tif", "image/tiff"), Map.entry("tiff", "image/tiff"), Map.entry("svg", "image/svg+xml"),
            Map.entry("ico", "image/vnd.microsoft.icon"),
            Map.entry("mp4", "video/mp4"), Map.entry("m4v", "video/mp4"), Map.entry("mov", "video/quicktime"),
            Map.entry("mkv", "video/x-matroska"), Map.entry("webm", "video/webm"), Map.entry("avi", "video/x-msvideo"),
            Map.entry("mpeg", "video/mpeg"), Map.entry("mpg", "video/mpeg"), Map.entry("3gp", "video/3gpp"),
            Map.entry("mp3", "audio/mpeg"), Map.entry("m4a", "audio/mp4"), Map.entry("aac", "audio/aac"),
            Map.entry("ogg", "audio/ogg"), Map.entry("oga", "audio/ogg"), Map.entry("opus", "audio/opus"),
            Map.entry("wav", "audio/wav"), Map.entry("flac", "audio/flac"), Map.entry("amr", "audio/amr"),
            Map.entry("pdf", "application/pdf"), Map.entry("txt", "text/plain"), Map.entry("md", "text/markdown"),
            Map.entry("csv", "text/csv"), Map.entry("html", "text/html"), Map.entry("htm", "text/html"),
            Map.entry("json", "application/json"), Map.entry("xml", "application/xml"),
            Map.entry("zip", "application/zip"), Map.entry("gz", "application/gzip"), Map.entry("tgz", "application/gzip"),
            Map.entry("tar", "application/x-tar"), Map.entry("7z", "application/x-7z-compressed"),
            Map.entry("rar", "application/vnd.rar"), Map.entry("xz", "application/x-xz"),
            Map.entry("doc", "application/msword"),
            Map.entry("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            Map.entry("xls", "application/vnd.ms-excel"),
            Map.entry("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            Map.entry("ppt", "application/vnd.ms-powerpoint"),
            Map.entry("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
            Map.entry("odt", "application/vnd.oasis.opendocument.text"), Map.entry("epub", "application/epub+zip"),
            Map.entry("apk", "application/vnd.android.package-archive"), Map.entry("iso", "application/x-iso9660-image"));

    private MediaTypes() {
    }

    /** The media type of a local file about to be sent. */
    public static String detect(Path file) {
        String probed = null;
        try {
            probed = Files.probeContentType(file);
        } catch (IOException | SecurityException e) {
            // fall back to the extension
        }
        if (probed != null && SHAPE.matcher(probed.toLowerCase(Locale.ROOT)).matches()) {
            return probed.toLowerCase(Locale.ROOT);
        }
        return byName(file.getFileName() == null ? "" : file.getFileName().toString());
    }

    /** By extension only; octet-stream when unknown. */
    public static String byName(String name) {
        int dot = name.lastIndexOf('.');
        if (dot < 0 || dot == name.length() - 1) {
            return UNKNOWN;
        }
        return BY_EXTENSION.getOrDefault(name.substring(dot + 1).toLowerCase(Locale.ROOT), UNKNOWN);
    }

    /** A sender's claim about a type, reduced to something safe to print: a well-formed type, or octet-stream. */
    public static String untrusted(String claimed) {
        if (claimed == null) {
            return UNKNOWN;
        }
        String lower = claimed.strip().toLowerCase(Locale.ROOT);
        return SHAPE.matcher(lower).matches() ? lower : UNKNOWN;
    }
}
