package dev.parley.client.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;

/**
 * Turns a file name chosen by a sender — untrusted — into a name that is safe in the downloads
 * folder on any common file system, and places finished files there without ever overwriting one.
 *
 * <ul>
 *   <li>only the last path component counts ({@code ../../x} is {@code x}, {@code /etc/passwd} is
 *       {@code passwd}, backslashes separate too);</li>
 *   <li>control and invisible formatting characters (NUL, newline, bidirectional overrides that
 *       disguise {@code exe} as {@code gnp}, zero-width characters) and the characters Windows
 *       forbids ({@code < > : " | ? *}) become {@code _};</li>
 *   <li>leading dots and blanks (hidden files, {@code ..}) and trailing dots and blanks go;</li>
 *   <li>reserved device names ({@code CON}, {@code PRN}, {@code AUX}, {@code NUL}, {@code COM1}–{@code 9},
 *       {@code LPT1}–{@code 9}, in any case, with or without an extension) get a leading {@code _};</li>
 *   <li>at most {@value #MAX_BYTES} bytes of UTF-8, shortening the stem and keeping the extension, so
 *       a {@code " (n)"} suffix still fits the usual 255-byte limit;</li>
 *   <li>nothing left: {@code file}.</li>
 * </ul>
 */
public final class SafeNames {
    public static final int MAX_BYTES = 240;
    private static final int MAX_EXTENSION_CHARS = 16;
    private static final String FALLBACK = "file";
    private static final Set<String> RESERVED = reserved();

    private SafeNames() {
    }

    private static Set<String> reserved() {
        java.util.HashSet<String> names = new java.util.HashSet<>(Set.of("CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"));
        for (int i = 1; i <= 9; i++) {
            names.add("COM" + i);
            names.add("LPT" + i);
        }
        names.add("COM¹");
        names.add("COM²");
        names.add("COM³");
        names.add("LPT¹");
        names.add("LPT²");
        names.add("LPT³");
        return Set.copyOf(names);
    }

    /** The safe form of a sender's file name. */
    public static String sanitize(String raw) {
        String name = raw == null ? "" : Normalizer.normalize(raw, Normalizer.Form.NFC);
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        name = name.substring(slash + 1);
        StringBuilder clean = new StringBuilder(name.length());
        name.codePoints().forEach(cp -> clean.appendCodePoint(allowed(cp) ? cp : '_'));
        name = trim(clean.toString());
        if (name.isEmpty()) {
            name = FALLBACK;
        }
        String stem = stem(name);
        String probe = stem.strip().toUpperCase(Locale.ROOT);
        if (RESERVED.contains(probe)) {
            name = "_" + name;
        }
        return shorten(name, MAX_BYTES);
    }

    private static boolean allowed(int cp) {
        if (cp < 0x20 || cp == 0x7F) {
            return false;
        }
        switch (cp) {
            case '<', '>', ':', '"', '|', '?', '*', '/', '\\' -> {
                return false;
            }
            default -> {
            }
        }
        int type = Character.getType(cp);
        return type != Character.CONTROL && type != Character.FORMAT && type != Character.UNASSIGNED
                && type != Character.PRIVATE_USE && type != Character.SURROGATE
                && type != Character.LINE_SEPARATOR && type != Character.PARAGRAPH_SEPARATOR;
    }

    private static String trim(String name) {
        int start = 0;
        int end = name.length();
        while (start < end && (name.charAt(start) == '.' || Character.isWhitespace(name.charAt(start)))) {
            start++;
        }
        while (end > start && (name.charAt(end - 1) == '.' || Character.isWhitespace(name.charAt(end - 1)))) {
            end--;
        }
        return name.substring(start, end);
    }

    /** The part before the first dot (Windows treats {@code CON.tar.gz} as {@code CON}). */
    private static String stem(String name) {
        int dot = name.indexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }

    /** The extension including its dot, if it is short enough to be one; else "". */
    static String extension(String name) {
        int dot = name.lastIndexOf('.');
        if (dot <= 0 || name.length() - dot - 1 > MAX_EXTENSION_CHARS || dot == name.length() - 1) {
            return "";
        }
        return name.substring(dot);
    }

    /** Cuts the stem (by whole code points) until stem + extension fit in maxBytes of UTF-8. */
    static String shorten(String name, int maxBytes) {
        if (utf8(name) <= maxBytes) {
            return name;
        }
        String extension = extension(name);
        String stem = name.substring(0, name.length() - extension.length());
        int budget = maxBytes - utf8(extension);
        StringBuilder kept = new StringBuilder();
        int used = 0;
        for (int i = 0; i < stem.length(); ) {
            int cp = stem.codePointAt(i);
            int bytes = utf8(new String(Character.toChars(cp)));
            if (used + bytes > budget) {
                break;
            }
            kept.appendCodePoint(cp);
            used += bytes;
            i += Character.charCount(cp);
        }
        String result = trim(kept.toString());
        return (result.isEmpty() ? FALLBACK : result) + extension;
    }

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** {@code name}, then {@code stem (1).ext}, {@code stem (2).ext}, … */
    static String candidate(String name, int n) {
        if (n == 0) {
            return name;
        }
        String extension = extension(name);
        return name.substring(0, name.length() - extension.length()) + " (" + n + ")" + extension;
    }

    /**
     * Moves a finished temporary file in {@code folder} to the first free name derived from
     * {@code name} (already safe). A hard link is made first — it fails, atomically, if the name is
     * taken, so no existing file is ever replaced — then the temporary name is removed. Where the file
     * system has no hard links, an atomic rename onto a freshly reserved empty file is used instead.
     * The result is checked to be directly inside the folder.
     */
    public static Path place(Path temporary, Path folder, String name) throws IOException {
        Path real = folder.toRealPath();
        for (int n = 0; n < 100_000; n++) {
            String candidate = candidate(name, n);
            Path target = real.resolve(candidate);
            if (!target.getParent().equals(real) || !target.getFileName().toString().equals(candidate)) {
                throw new IOException("refusing to write outside the downloads folder");
            }
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            try {
                Files.createLink(target, temporary);
            } catch (FileAlreadyExistsException e) {
                continue;
            } catch (UnsupportedOperationException | java.nio.file.FileSystemException e) {
                try {
                    Files.createFile(target);
                } catch (FileAlreadyExistsException taken) {
                    continue;
                }
                Files.move(temporary, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                return check(target, real);
            }
            Files.delete(temporary);
            return check(target, real);
        }
        throw new IOException("no free name for " + name + " in " + folder);
    }

    private static Path check(Path target, Path folder) throws IOException {
        Path real = target.toRealPath(LinkOption.NOFOLLOW_LINKS);
        if (!real.getParent().equals(folder)) {
            throw new IOException("the file ended up outside the downloads folder");
        }
        return real;
    }
}
