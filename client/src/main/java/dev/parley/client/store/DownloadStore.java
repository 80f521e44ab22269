package dev.parley.client.store;

import java.time.Clock;
import java.util.Optional;

/**
 * Files sent to us. A row is written in the same transaction as the message that announced the file
 * (so acknowledging the message can never lose the file), then the download runs in the background,
 * and the row ends DONE (with where it was saved) or FAILED (with why). Rows PENDING at sign-in resume.
 */
public final class DownloadStore {

    /**
     * A file waiting to be fetched. {@code digest} is empty until the sender's completion arrived (a
     * file announced while it uploaded); {@code senderFailure} is set when the sender gave up instead.
     */
    public record PendingDownload(long id, long historyId, long serverMessageId, String sender, String group, String blobId,
                                  byte[] fileKey, byte[] digest, long ciphertextSize, long plaintextSize, String name,
                                  String mediaType, String partPath, String senderFailure) {
        @Override
        public String toString() {
            return "PendingDownload[" + id + ", blob=" + blobId + ", from=" + sender + ", size=" + plaintextSize + "]";
        }
    }

    private final ClientDatabase db;
    private final Clock clock;

    public DownloadStore(ClientDatabase db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Records a file to fetch; returns its id. */
    public long add(long historyId, long serverMessageId, String sender, String group, String blobId, byte[] fileKey,
                    byte[] digest, long ciphertextSize, long plaintextSize, String name, String mediaType) {
        return db.insert("INSERT INTO downloads (server_message_id, history_id, sender, group_name, blob_id, file_key, digest,"
                        + " ciphertext_size, plaintext_size, name, media_type, state, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', ?)",
                serverMessageId, historyId, sender, group, blobId, fileKey, digest, ciphertextSize, plaintextSize, name,
                mediaType, clock.millis());
    }

    private static final String COLUMNS = "id, history_id, server_message_id, sender, group_name, blob_id, file_key, digest,"
            + " ciphertext_size, plaintext_size, name, media_type, part_path, sender_failure";

    private static PendingDownload map(java.sql.ResultSet row) throws java.sql.SQLException {
        return new PendingDownload(row.getLong(1), row.getLong(2), row.getLong(3), row.getString(4), row.getString(5),
                row.getString(6), row.getBytes(7), row.getBytes(8), row.getLong(9), row.getLong(10), row.getString(11),
                row.getString(12), row.getString(13), row.getString(14));
    }

    /** The oldest file still to fetch. */
    public Optional<PendingDownload> next() {
        return pending(1).stream().findFirst();
    }

    /** The oldest files still to fetch, at most limit. */
    public java.util.List<PendingDownload> pending(int limit) {
        return db.query("SELECT " + COLUMNS + " FROM downloads WHERE state = 'PENDING' ORDER BY id LIMIT ?",
                DownloadStore::map, limit);
    }

    /** A sender finished the upload of a file it offered: the digest to check. Returns the download's id. */
    public Optional<Long> completed(String sender, String blobId, byte[] digest) {
        Optional<Long> id = db.queryOne("SELECT id FROM downloads WHERE sender = ? AND blob_id = ? AND state = 'PENDING'"
                + " AND length(digest) = 0", row -> row.getLong(1), sender, blobId);
        id.ifPresent(found -> db.update("UPDATE downloads SET digest = ? WHERE id = ?", digest, found));
        return id;
    }

    /** A sender gave up uploading a file it offered. Returns the download's id. */
    public Optional<Long> abandoned(String sender, String blobId, String reason) {
        Optional<Long> id = db.queryOne("SELECT id FROM downloads WHERE sender = ? AND blob_id = ? AND state = 'PENDING'"
                + " AND length(digest) = 0", row -> row.getLong(1), sender, blobId);
        id.ifPresent(found -> db.update("UPDATE downloads SET sender_failure = ? WHERE id = ?", reason, found));
        return id;
    }

    public int pending() {
        return db.queryOne("SELECT COUNT(*) FROM downloads WHERE state = 'PENDING'", row -> row.getInt(1)).orElse(0);
    }

    /** Where the partial file of a download lives (to resume it after a restart). */
    public void partPath(long id, String path) {
        db.update("UPDATE downloads SET part_path = ? WHERE id = ?", path, id);
    }

    public void done(long id, String savedPath) {
        db.update("UPDATE downloads SET state = 'DONE', saved_path = ?, part_path = NULL, file_key = X'' WHERE id = ?",
                savedPath, id);
    }

    public void failed(long id, String reason) {
        db.update("UPDATE downloads SET state = 'FAILED', error = ?, part_path = NULL, file_key = X'' WHERE id = ?",
                reason, id);
    }
}
