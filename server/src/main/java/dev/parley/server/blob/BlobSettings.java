package dev.parley.server.blob;

import java.time.Duration;

/**
 * The limits of the file (blob) store.
 *
 * @param maxFileBytes     the largest file a user may send (its encrypted form may be larger by the
 *                         file cipher's overhead, see {@link #maxBlobBytes()})
 * @param quotaPerUser     encrypted bytes one user may have waiting on the server (declared sizes of
 *                         their uploads not yet fetched by every recipient or expired)
 * @param maxFilesPerUser  uploads one user may have waiting on the server
 * @param expiry           a file is deleted this long after its upload started, fetched or not
 * @param maxPendingPerStream requests queued on one file stream before the server stops reading from it
 */
public record BlobSettings(long maxFileBytes, long quotaPerUser, int maxFilesPerUser, Duration expiry,
                           int maxPendingPerStream) {

    public static final long DEFAULT_MAX_FILE_BYTES = 2L << 30;

    public BlobSettings {
        if (maxFileBytes < 1) {
            throw new IllegalArgumentException("maxFileBytes must be positive");
        }
        if (quotaPerUser < 1) {
            throw new IllegalArgumentException("fileQuotaPerUser must be positive");
        }
        if (maxFilesPerUser < 1) {
            throw new IllegalArgumentException("maxFilesPerUser must be positive");
        }
        if (expiry == null || expiry.isNegative() || expiry.isZero()) {
            throw new IllegalArgumentException("fileExpiry must be a positive duration");
        }
        if (maxPendingPerStream < 2) {
            throw new IllegalArgumentException("maxPendingPerStream must be at least 2");
        }
    }

    /** 2 GiB files, 10 GiB waiting per user, 1,000 files per user, 30 days, 8 queued requests per stream. */
    public static BlobSettings defaults() {
        return new BlobSettings(DEFAULT_MAX_FILE_BYTES, 10L << 30, 1_000, Duration.ofDays(30), 8);
    }

    public BlobSettings withMaxFileBytes(long value) {
        return new BlobSettings(value, quotaPerUser, maxFilesPerUser, expiry, maxPendingPerStream);
    }

    public BlobSettings withQuotaPerUser(long value) {
        return new BlobSettings(maxFileBytes, value, maxFilesPerUser, expiry, maxPendingPerStream);
    }

    public BlobSettings withMaxFilesPerUser(int value) {
        return new BlobSettings(maxFileBytes, quotaPerUser, value, expiry, maxPendingPerStream);
    }

    public BlobSettings withExpiry(Duration value) {
        return new BlobSettings(maxFileBytes, quotaPerUser, maxFilesPerUser, value, maxPendingPerStream);
    }

    /**
     * The largest encrypted blob accepted: the file cap plus room for the file cipher's overhead
     * (a header byte and 40 bytes per 64 KiB chunk, 0.06 %), rounded up to 0.1 % + 64 KiB so the
     * server need not know the client's file format.
     */
    public long maxBlobBytes() {
        return maxFileBytes + maxFileBytes / 1024 + 64 * 1024;
    }
}
