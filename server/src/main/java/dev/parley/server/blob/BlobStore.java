package dev.parley.server.blob;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's file store: each blob's ciphertext in its own file {@code <dir>/<id>.blob}, and a
 * small SQLite index {@code <dir>/index.db} of who uploaded it, its declared size, when, and which
 * recipients already fetched it. The bytes stored so far are the file's length, so nothing is
 * written to the index per chunk; a chunk counts only once it is forced to disk.
 *
 * <p>Crash safety: a blob's file is created before its index row and deleted after it, so after a
 * crash a file without a row is an orphan (deleted at start) and a row always has its file (a row
 * whose file vanished is dropped). Thread-safe: index changes are serialised on this store, writes
 * to one blob on the blob.
 */
public final class BlobStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BlobStore.class);
    private static final Pattern ID = Pattern.compile("[0-9a-f]{32}");
    private static final String SUFFIX = ".blob";

    private final Path dir;
    private final Connection db;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Blob> blobs = new ConcurrentHashMap<>();
    /** Guarded by this: per owner {declared bytes, blob count}. */
    private final Map<Long, long[]> usage = new HashMap<>();

    private BlobStore(Path dir, Connection db) {
        this.dir = dir;
        this.db = db;
    }

    /** Opens (creating if needed) the store in {@code dir}, owner-only, and reconciles files with the index. */
    public static BlobStore open(Path dir) throws IOException {
        createPrivate(dir);
        Connection db;
        try {
            db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("index.db").toAbsolutePath());
            try (Statement s = db.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=FULL");
                s.execute("CREATE TABLE IF NOT EXISTS blobs (id TEXT PRIMARY KEY, owner INTEGER NOT NULL,"
                        + " size INTEGER NOT NULL, created INTEGER NOT NULL)");
                s.execute("CREATE TABLE IF NOT EXISTS recipients (blob TEXT NOT NULL, user INTEGER NOT NULL,"
                        + " fetched INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (blob, user)) WITHOUT ROWID");
            }
        } catch (SQLException e) {
            throw new IOException("the file index in " + dir + " could not be opened: " + e.getMessage(), e);
        }
        BlobStore store = new BlobStore(dir, db);
        try {
            store.load();
        } catch (SQLException e) {
            store.close();
            throw new IOException("the file index in " + dir + " could not be read: " + e.getMessage(), e);
        }
        return store;
    }

    private static void createPrivate(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Files.createDirectories(dir.toAbsolutePath().getParent());
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException e) {
            Files.createDirectory(dir);
        }
    }

    private synchronized void load() throws SQLException, IOException {
        Map<String, Set<Long>> recipients = new HashMap<>();
        Map<String, Set<Long>> fetched = new HashMap<>();
        try (Statement s = db.createStatement(); ResultSet rows = s.executeQuery("SELECT blob, user, fetched FROM recipients")) {
            while (rows.next()) {
                recipients.computeIfAbsent(rows.getString(1), k -> new HashSet<>()).add(rows.getLong(2));
                if (rows.getInt(3) != 0) {
                    fetched.computeIfAbsent(rows.getString(1), k -> new HashSet<>()).add(rows.getLong(2));
                }
            }
        }
        List<String> missing = new ArrayList<>();
        try (Statement s = db.createStatement(); ResultSet rows = s.executeQuery("SELECT id, owner, size, created FROM blobs")) {
            while (rows.next()) {
                String id = rows.getString(1);
                Path file = file(id);
                if (!Files.isRegularFile(file)) {
                    missing.add(id);
                    continue;
                }
                long size = rows.getLong(3);
                long stored = Math.min(Files.size(file), size);
                Blob blob = new Blob(id, rows.getLong(2), size, rows.getLong(4), recipients.getOrDefault(id, Set.of()), stored);
                fetched.getOrDefault(id, Set.of()).forEach(blob::markFetched);
                blobs.put(id, blob);
                account(blob, +1);
            }
        }
        for (String id : missing) {
            LOG.warn("event=blob_file_missing blob={}", id);
            deleteRows(id);
        }
        for (Blob blob : all()) {
            if (!blob.recipients().isEmpty() && blob.fetchedBy().containsAll(blob.recipients())) {
                delete(blob);
            }
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                String id = name.substring(0, name.length() - SUFFIX.length());
                if (!blobs.containsKey(id)) {
                    LOG.info("event=blob_orphan_deleted file={}", name);
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    /** True when the text has the shape of a blob id (so it can never name a path outside the store). */
    public static boolean isId(String text) {
        return text != null && ID.matcher(text).matches();
    }

    /** The folder holding the blobs. */
    public Path dir() {
        return dir;
    }

    /** The file holding a blob's ciphertext. */
    public Path file(Blob blob) {
        return file(blob.id());
    }

    private Path file(String id) {
        if (!isId(id)) {
            throw new IllegalArgumentException("not a blob id");
        }
        return dir.resolve(id + SUFFIX);
    }

    public Optional<Blob> find(String id) {
        return isId(id) ? Optional.ofNullable(blobs.get(id)) : Optional.empty();
    }

    public Collection<Blob> all() {
        return List.copyOf(blobs.values());
    }

    /** {declared bytes, blob count} the owner has on the server. */
    public synchronized long[] usage(long owner) {
        long[] u = usage.get(owner);
        return u == null ? new long[2] : u.clone();
    }

    /** {files, declared bytes, stored bytes} over every blob (for metrics). */
    public long[] totals() {
        long[] t = new long[3];
        for (Blob blob : blobs.values()) {
            t[0]++;
            t[1] += blob.size();
            t[2] += blob.stored();
        }
        return t;
    }

    /** Free space on the disk holding the store. */
    public long usableSpace() throws IOException {
        return Files.getFileStore(dir).getUsableSpace();
    }

    /**
     * Reserves a new empty blob. The caller checked the limits; {@code check} runs under the store's
     * lock right before, so limits checked there cannot be raced past.
     */
    public synchronized Blob create(long owner, long size, Collection<Long> recipients, long nowMillis, Runnable check)
            throws IOException {
        check.run();
        String id;
        Path file;
        while (true) {
            byte[] raw = new byte[16];
            random.nextBytes(raw);
            id = HexFormat.of().formatHex(raw);
            file = file(id);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                break;
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // 128 random bits collided: try another
            } catch (UnsupportedOperationException e) {
                Files.createFile(file);
                break;
            }
        }
        Set<Long> who = new HashSet<>(recipients);
        try {
            db.setAutoCommit(false);
            try (PreparedStatement insert = db.prepareStatement("INSERT INTO blobs (id, owner, size, created) VALUES (?, ?, ?, ?)");
                 PreparedStatement recipient = db.prepareStatement("INSERT INTO recipients (blob, user) VALUES (?, ?)")) {
                insert.setString(1, id);
                insert.setLong(2, owner);
                insert.setLong(3, size);
                insert.setLong(4, nowMillis);
                insert.executeUpdate();
                for (long user : who) {
                    recipient.setString(1, id);
                    recipient.setLong(2, user);
                    recipient.addBatch();
                }
                recipient.executeBatch();
            }
            db.commit();
        } catch (SQLException e) {
            rollback();
            Files.deleteIfExists(file);
            throw new IOException("the file index could not be updated: " + e.getMessage(), e);
        } finally {
            autoCommit();
        }
        Blob blob = new Blob(id, owner, size, nowMillis, who, 0);
        blobs.put(id, blob);
        account(blob, +1);
        return blob;
    }

    /** One chunk to append. */
    public record Chunk(long offset, byte[] data) {
    }

    /** What became of one chunk: the bytes stored after it, or why it was not written. */
    public record Outcome(long storedAfter, Problem problem) {
        public boolean ok() {
            return problem == null;
        }
    }

    /** Why a chunk was not written. */
    public enum Problem { WRONG_OFFSET, BEYOND_SIZE, GONE }

    /**
     * Appends chunks in order, each of which must start where the stored bytes end, then forces the
     * file to disk once for all of them and only then counts them as stored (group commit of an
     * upload's pipelined chunks). A chunk that does not fit is not written; the ones after it are
     * checked against the position reached.
     *
     * @throws IOException when the disk failed: nothing of this batch counts as stored
     */
    public List<Outcome> append(Blob blob, List<Chunk> chunks) throws IOException {
        List<Outcome> outcomes = new ArrayList<>(chunks.size());
        synchronized (blob) {
            long position = blob.stored();
            boolean wrote = false;
            FileChannel channel = null;
            try {
                for (Chunk chunk : chunks) {
                    if (blob.deleted()) {
                        outcomes.add(new Outcome(position, Problem.GONE));
                    } else if (chunk.offset() != position) {
                        outcomes.add(new Outcome(position, Problem.WRONG_OFFSET));
                    } else if (chunk.data().length > blob.size() - position) {
                        outcomes.add(new Outcome(position, Problem.BEYOND_SIZE));
                    } else {
                        if (channel == null) {
                            channel = FileChannel.open(file(blob), StandardOpenOption.WRITE);
                        }
                        ByteBuffer buffer = ByteBuffer.wrap(chunk.data());
                        long at = position;
                        while (buffer.hasRemaining()) {
                            at += channel.write(buffer, at);
                        }
                        position = at;
                        wrote = true;
                        outcomes.add(new Outcome(position, null));
                    }
                }
                if (wrote) {
                    channel.force(false);
                    blob.stored(position);
                }
            } catch (NoSuchFileException e) {
                throw new IOException("the file of blob " + blob.id() + " is gone", e);
            } finally {
                if (channel != null) {
                    channel.close();
                }
            }
        }
        return outcomes;
    }

    /** Reads up to {@code into.remaining()} bytes from {@code offset}; returns how many. */
    public int read(Blob blob, FileChannel channel, long offset, ByteBuffer into) throws IOException {
        int total = 0;
        while (into.hasRemaining()) {
            int n = channel.read(into, offset + total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    /** Opens a blob for reading. */
    public FileChannel openForReading(Blob blob) throws IOException {
        return FileChannel.open(file(blob), StandardOpenOption.READ);
    }

    /** Records that a recipient has the whole blob; deletes it once every recipient does. Returns true if deleted. */
    public synchronized boolean fetched(Blob blob, long account) throws IOException {
        if (blob.deleted() || !blob.recipients().contains(account)) {
            return blob.deleted();
        }
        try (PreparedStatement update = db.prepareStatement("UPDATE recipients SET fetched = 1 WHERE blob = ? AND user = ?")) {
            update.setString(1, blob.id());
            update.setLong(2, account);
            update.executeUpdate();
        } catch (SQLException e) {
            throw new IOException("the file index could not be updated: " + e.getMessage(), e);
        }
        if (blob.markFetched(account)) {
            delete(blob);
            return true;
        }
        return false;
    }

    /** Deletes a blob: its index rows first, then its file. */
    public synchronized void delete(Blob blob) throws IOException {
        if (blob.deleted()) {
            return;
        }
        try {
            deleteRows(blob.id());
        } catch (SQLException e) {
            throw new IOException("the file index could not be updated: " + e.getMessage(), e);
        }
        blob.markDeleted();
        blobs.remove(blob.id());
        account(blob, -1);
        synchronized (blob) {
            Files.deleteIfExists(file(blob));
        }
    }

    /** Deletes every blob created before the cutoff; returns them. */
    public List<Blob> expire(long cutoffMillis) throws IOException {
        List<Blob> expired = new ArrayList<>();
        for (Blob blob : all()) {
            if (blob.createdMillis() < cutoffMillis) {
                delete(blob);
                expired.add(blob);
            }
        }
        return expired;
    }

    private void deleteRows(String id) throws SQLException {
        try {
            db.setAutoCommit(false);
            try (PreparedStatement a = db.prepareStatement("DELETE FROM recipients WHERE blob = ?");
                 PreparedStatement b = db.prepareStatement("DELETE FROM blobs WHERE id = ?")) {
                a.setString(1, id);
                a.executeUpdate();
                b.setString(1, id);
                b.executeUpdate();
            }
            db.commit();
        } catch (SQLException e) {
            rollback();
            throw e;
        } finally {
            autoCommit();
        }
    }

    private void account(Blob blob, int sign) {
        long[] u = usage.computeIfAbsent(blob.owner(), k -> new long[2]);
        u[0] += sign * blob.size();
        u[1] += sign;
        if (u[1] <= 0) {
            usage.remove(blob.owner());
        }
    }

    private void rollback() {
        try {
            db.rollback();
        } catch (SQLException ignored) {
            // the original failure is reported
        }
    }

    private void autoCommit() {
        try {
            db.setAutoCommit(true);
        } catch (SQLException ignored) {
            // the next statement reports a broken connection
        }
    }

    @Override
    public synchronized void close() {
        try {
            db.close();
        } catch (SQLException e) {
            LOG.warn("event=blob_index_close_failed reason=\"{}\"", e.getMessage());
        }
    }
}
