package dev.parley.client.account;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where accounts live in the data folder: {@code <data>/<username>/client.db}, one folder per
 * account, readable by its owner only. A username becomes a folder name only after it passed
 * {@link #checkUsername}, so no name can reach outside the data folder.
 */
public final class AccountFolders {

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final Path dataDir;
    private final Clock clock;

    public AccountFolders(Path dataDir, Clock clock) {
        this.dataDir = dataDir;
        this.clock = clock;
    }

    public Path dataDir() {
        return dataDir;
    }

    /**
     * Rejects names that could not be a Parley username or a safe folder name.
     *
     * @throws IllegalArgumentException with a sentence for the user
     */
    public static String checkUsername(String username) {
        if (username == null || !SAFE.matcher(username).matches() || username.contains("..")) {
            throw new IllegalArgumentException("'" + username + "' is not a valid username:"
                    + " use 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return username;
    }

    public static boolean isSafe(String username) {
        return username != null && SAFE.matcher(username).matches() && !username.contains("..");
    }

    public Path folder(String username) {
        return dataDir.resolve(checkUsername(username).toLowerCase(Locale.ROOT));
    }

    public Path database(String username) {
        return folder(username).resolve("client.db");
    }

    public boolean exists(String username) {
        return Files.exists(database(username));
    }

    /**
     * Makes room for a brand-new account: a folder left by an earlier account of the same name
     * (the server forgot it, or it was deleted) is kept aside as {@code <name>.replaced-<time>}.
     */
    public Path prepareNew(String username) throws IOException {
        Path folder = folder(username);
        if (Files.exists(folder)) {
            String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(clock.instant());
            Files.move(folder, folder.resolveSibling(folder.getFileName() + ".replaced-" + stamp));
        }
        createPrivate(folder);
        return folder;
    }

    /** Creates the folder (and the data folder) with owner-only permissions where the file system has them. */
    public static void createPrivate(Path folder) throws IOException {
        Files.createDirectories(folder);
        try {
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the folder keeps its default permissions
        }
    }
}
