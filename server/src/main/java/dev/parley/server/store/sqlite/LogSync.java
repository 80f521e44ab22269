package dev.parley.server.store.sqlite;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Syncs a database's write-ahead log from a thread other than the writer's. With {@code synchronous=NORMAL} a
 * commit writes its frames to the log without syncing; one {@code fdatasync} of the log file afterwards makes every
 * commit written before it durable — what {@code synchronous=FULL} does inside each commit (in WAL mode the two
 * levels differ only in that sync; SQLite still syncs the log's header when it starts the log over, and the log and
 * the database around each checkpoint). After a power loss SQLite's recovery keeps every commit whose frames reached
 * the disk with valid checksums, and a sync that returned covers all frames written before it began.
 *
 * <p>The log file is opened at the first sync (it exists once the database is open in WAL mode) and kept open; the
 * writer never truncates or deletes it while the server runs ({@link SqliteDatabase}).
 */
public final class LogSync implements AutoCloseable {
    private final Path log;
    private FileChannel channel; // sync thread only

    public LogSync(Path database) {
        this.log = database.resolveSibling(database.getFileName() + "-wal");
    }

    /** Sync thread only: {@code fdatasync} of the log (file size included, so a log that grew is covered). */
    public void sync() throws IOException {
        if (channel == null) {
            channel = FileChannel.open(log, StandardOpenOption.READ);
        }
        channel.force(false);
    }

    public Path log() {
        return log;
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
        }
    }
}
