package dev.parley.server.blob;

import java.util.HashSet;
import java.util.Set;

/**
 * One uploaded (or uploading) file as the server holds it: opaque ciphertext in
 * {@code <data>/blobs/<id>.blob}, its declared size, its owner and who may download it.
 * {@link #stored()} counts only bytes already forced to disk. Writes to one blob are serialised on
 * the blob itself.
 */
public final class Blob {
    private final String id;
    private final long owner;
    private final long size;
    private final long createdMillis;
    private final Set<Long> recipients;
    private final Set<Long> fetched = new HashSet<>();
    private volatile long stored;
    private volatile boolean deleted;

    Blob(String id, long owner, long size, long createdMillis, Set<Long> recipients, long stored) {
        this.id = id;
        this.owner = owner;
        this.size = size;
        this.createdMillis = createdMillis;
        this.recipients = Set.copyOf(recipients);
        this.stored = stored;
    }

    public String id() {
        return id;
    }

    /** The uploader's account id. */
    public long owner() {
        return owner;
    }

    /** The size declared at creation; the upload is complete when {@link #stored()} reaches it. */
    public long size() {
        return size;
    }

    public long createdMillis() {
        return createdMillis;
    }

    /** Account ids that may download it. */
    public Set<Long> recipients() {
        return recipients;
    }

    /** Bytes durably stored (forced to disk) so far. */
    public long stored() {
        return stored;
    }

    void stored(long value) {
        stored = value;
    }

    public boolean complete() {
        return stored == size;
    }

    public boolean deleted() {
        return deleted;
    }

    void markDeleted() {
        deleted = true;
    }

    /** True when this user may read it: a recipient, or the uploader. */
    public boolean readableBy(long account) {
        return account == owner || recipients.contains(account);
    }

    synchronized boolean markFetched(long account) {
        fetched.add(account);
        return fetched.containsAll(recipients);
    }

    synchronized Set<Long> fetchedBy() {
        return Set.copyOf(fetched);
    }

    @Override
    public String toString() {
        return "Blob[" + id + ", owner=" + owner + ", " + stored + "/" + size + " bytes, " + recipients.size() + " recipients]";
    }
}
