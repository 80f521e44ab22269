package dev.parley.server.blob;

import dev.parley.server.account.Names;
import dev.parley.server.account.SessionTokens;
import dev.parley.server.account.SignInThrottle;
import dev.parley.server.limits.Waits;
import dev.parley.server.persist.StoreWriter;
import dev.parley.server.protocol.Refusal;
import dev.parley.server.protocol.Texts;
import dev.parley.server.state.Account;
import dev.parley.server.state.Connection;
import dev.parley.server.state.Directory;
import dev.parley.wire.BlobCreate;
import dev.parley.wire.BlobStatus;
import dev.parley.wire.BlobWrite;
import dev.parley.wire.ErrorCode;
import dev.parley.wire.Limits;
import dev.parley.wire.Message;
import dev.parley.wire.Ok;
import dev.parley.wire.OpenBlobStream;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files: the blob store behind the file streams. A client opens a second TLS connection, turns it
 * into a file stream with {@code OpenBlobStream(username, sessionToken)} (checked like Resume, but
 * it never becomes the user's chat connection), then creates, writes, stats, reads and releases
 * blobs of ciphertext. All disk work runs on a small I/O pool, each stream's requests in order, so
 * event loops never wait on a disk and chat is never queued behind a file.
 */
public final class BlobService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BlobService.class);
    /** Disk space kept free beyond a new blob's size. */
    private static final long DISK_RESERVE = 64L << 20;
    private static final int MAX_RECIPIENTS = Limits.MAX_LIST_ITEMS;

    private final BlobSettings settings;
    private final BlobStore store;
    private final Directory directory;
    private final StoreWriter writer;
    private final SignInThrottle throttle;
    private final long sessionLifetimeMillis;
    private final Clock clock;
    private final ExecutorService io;
    private final ScheduledExecutorService sweeper;
    private final BlobStreamGate gate;

    private BlobService(BlobSettings settings, BlobStore store, Directory directory, StoreWriter writer, SignInThrottle throttle,
                        long sessionLifetimeMillis, Clock clock, int ioThreads) {
        this.settings = settings;
        this.store = store;
        this.directory = directory;
        this.writer = writer;
        this.throttle = throttle;
        this.sessionLifetimeMillis = sessionLifetimeMillis;
        this.clock = clock;
        AtomicInteger n = new AtomicInteger();
        this.io = Executors.newFixedThreadPool(ioThreads,
                r -> Thread.ofPlatform().name("parley-blob-io-" + n.incrementAndGet()).daemon().unstarted(r));
        this.sweeper = Executors.newSingleThreadScheduledExecutor(
                r -> Thread.ofPlatform().name("parley-blob-expiry").daemon().unstarted(r));
        this.gate = new BlobStreamGate(this);
    }

    /**
     * Opens the store in {@code dir} (normally {@code <data>/blobs}), deletes what has expired, and
     * sweeps again every hour.
     *
     * @param throttle              counts bad tokens against the address, as Resume does; may be null
     * @param sessionLifetimeMillis a token unused for longer is refused, as Resume refuses it
     */
    public static BlobService start(BlobSettings settings, Path dir, Directory directory, StoreWriter writer,
                                    SignInThrottle throttle, long sessionLifetimeMillis, Clock clock) throws IOException {
        BlobStore store = BlobStore.open(dir);
        int threads = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
        BlobService service = new BlobService(settings, store, directory, writer, throttle, sessionLifetimeMillis, clock, threads);
        service.expire();
        service.sweeper.scheduleAtFixedRate(service::expire, 1, 1, TimeUnit.HOURS);
        LOG.info("event=blob_store_opened dir={} blobs={} max_file_bytes={}", dir, store.all().size(), settings.maxFileBytes());
        return service;
    }

    /** The pipeline handler; goes in front of the auth gate. */
    public BlobStreamGate gate() {
        return gate;
    }

    public BlobStore store() {
        return store;
    }

    public BlobSettings settings() {
        return settings;
    }

    ExecutorService io() {
        return io;
    }

    /** Deletes every blob older than the expiry; returns how many. */
    public int expire() {
        try {
            int n = store.expire(clock.millis() - settings.expiry().toMillis()).size();
            if (n > 0) {
                LOG.info("event=blobs_expired count={}", n);
            }
            return n;
        } catch (IOException | RuntimeException e) {
            LOG.warn("event=blob_expiry_failed reason=\"{}\"", e.toString());
            return 0;
        }
    }

    // ------------------------------------------------------------------ opening a stream (event loop)

    void open(Connection connection, long requestId, OpenBlobStream request) {
        if (throttle != null) {
            long wait = throttle.waitFor("", connection.address());
            if (wait > 0) {
                throw new Refusal(ErrorCode.RATE_LIMITED, "too many failed sign-ins; try again in " + Waits.describe(wait));
            }
        }
        Account account = Names.canonical(request.username()).map(directory::account).orElse(null);
        byte[] token = request.token();
        if (account == null || token.length != SessionTokens.TOKEN_BYTES) {
            badToken(connection);
            throw new Refusal(ErrorCode.SESSION_EXPIRED, Texts.SESSION_EXPIRED);
        }
        byte[] tokenHash = SessionTokens.hash(token);
        connection.authenticating = true;
        BlobAuthOp op = new BlobAuthOp(connection, account, tokenHash, sessionLifetimeMillis, new BlobAuthOp.Verdict() {
            @Override
            public void decided(boolean valid) {
                connection.authenticating = false;
                if (connection.closing || !connection.channel().isActive()) {
                    return;
                }
                if (!valid) {
                    badToken(connection);
                    connection.fail(requestId, ErrorCode.SESSION_EXPIRED, Texts.SESSION_EXPIRED);
                    return;
                }
                connection.signedIn(account, tokenHash);
                gate.attach(connection, new BlobSession(BlobService.this, connection, account, settings.maxPendingPerStream()));
                LOG.debug("event=blob_stream_opened user={} address={}", account.name(), connection.address());
                connection.reply(requestId, new Ok());
            }

            @Override
            public void unavailable() {
                connection.authenticating = false;
                connection.fail(requestId, ErrorCode.UNAVAILABLE, Texts.STORE_UNAVAILABLE);
            }
        });
        if (!writer.submit(op)) {
            connection.authenticating = false;
            throw new Refusal(ErrorCode.UNAVAILABLE, Texts.BUSY);
        }
    }

    private void badToken(Connection connection) {
        if (throttle != null) {
            throttle.failedFromAddress(connection.address());
        }
    }

    // ------------------------------------------------------------------ requests (I/O pool, one stream at a time)

    BlobStatus create(Account who, BlobCreate request) throws IOException {
        long size = request.size();
        if (size > settings.maxBlobBytes()) {
            throw new Refusal(ErrorCode.TOO_LARGE, BlobTexts.tooLarge(settings.maxFileBytes()));
        }
        if (size <= 0) {
            throw new Refusal(ErrorCode.BAD_REQUEST, BlobTexts.EMPTY);
        }
        if (request.recipients().isEmpty()) {
            throw new Refusal(ErrorCode.BAD_REQUEST, BlobTexts.NO_RECIPIENTS);
        }
        if (request.recipients().size() > MAX_RECIPIENTS) {
            throw new Refusal(ErrorCode.BAD_REQUEST, BlobTexts.tooManyRecipients(MAX_RECIPIENTS));
        }
        Set<Long> recipients = new HashSet<>();
        for (String name : request.recipients()) {
            Account account = Names.canonical(name).map(directory::account).orElse(null);
            if (account == null) {
                throw new Refusal(ErrorCode.UNKNOWN_USER, BlobTexts.unknownUser(name));
            }
            recipients.add(account.id());
        }
        if (store.usableSpace() < size + DISK_RESERVE) {
            LOG.warn("event=blob_refused_disk_full user={} size={}", who.name(), size);
            throw new Refusal(ErrorCode.UNAVAILABLE, BlobTexts.NO_ROOM);
        }
        Blob blob = store.create(who.id(), size, recipients, clock.millis(), () -> {
            long[] usage = store.usage(who.id());
            if (usage[1] >= settings.maxFilesPerUser()) {
                throw new Refusal(ErrorCode.LIMIT_REACHED, BlobTexts.tooMany(settings.maxFilesPerUser()));
            }
            if (usage[0] + size > settings.quotaPerUser()) {
                throw new Refusal(ErrorCode.QUOTA_EXCEEDED, BlobTexts.quota(settings.quotaPerUser(), usage[0]));
            }
        });
        LOG.info("event=blob_created blob={} user={} size={} recipients={}", blob.id(), who.name(), size, recipients.size());
        return status(blob);
    }

    BlobStatus stat(Account who, String id) {
        Blob blob = readable(who, id);
        return status(blob);
    }

    /**
     * Appends a run of writes to one blob with a single fsync; returns one response per write
     * (BlobStatus with the bytes stored after it, or an Error), in order.
     */
    List<Message> write(Account who, List<BlobWrite> writes) throws IOException {
        Blob blob = store.find(writes.getFirst().blobId()).filter(b -> b.owner() == who.id()).orElse(null);
        List<Message> replies = new ArrayList<>(writes.size());
        if (blob == null) {
            writes.forEach(w -> replies.add(error(ErrorCode.NOT_FOUND, BlobTexts.NOT_FOUND)));
            return replies;
        }
        List<BlobStore.Chunk> chunks = new ArrayList<>(writes.size());
        for (BlobWrite w : writes) {
            chunks.add(new BlobStore.Chunk(w.offset(), w.data()));
        }
        List<BlobStore.Outcome> outcomes = store.append(blob, chunks);
        for (BlobStore.Outcome outcome : outcomes) {
            if (outcome.ok()) {
                replies.add(new BlobStatus(blob.id(), blob.size(), outcome.storedAfter()));
            } else {
                replies.add(switch (outcome.problem()) {
                    case WRONG_OFFSET -> error(ErrorCode.BAD_REQUEST, BlobTexts.wrongOffset(outcome.storedAfter()));
                    case BEYOND_SIZE -> error(ErrorCode.TOO_LARGE, BlobTexts.beyondSize(blob.size()));
                    case GONE -> error(ErrorCode.NOT_FOUND, BlobTexts.NOT_FOUND);
                });
            }
        }
        if (blob.complete() && outcomes.stream().anyMatch(BlobStore.Outcome::ok)) {
            LOG.info("event=blob_complete blob={} size={}", blob.id(), blob.size());
        }
        return replies;
    }

    /** A BlobData frame, encoded; the caller sends it. */
    ByteBuf read(Account who, long requestId, String id, long offset, int length, ByteBufAllocator alloc,
                 ReaderCache readers) throws IOException {
        Blob blob = readable(who, id);
        if (offset < 0 || offset > blob.size() || length < 0) {
            throw new Refusal(ErrorCode.BAD_REQUEST, BlobTexts.BAD_READ);
        }
        // a blob still being uploaded can be read as far as it is stored, so a download can follow its upload
        long stored = blob.stored();
        int n = (int) Math.max(0, Math.min(Math.min(length, Limits.MAX_CHUNK_BYTES), stored - offset));
        FileChannel channel = readers.get(blob);
        return BlobFrames.data(alloc, requestId, blob.id(), offset, channel, n);
    }

    Ok fetched(Account who, String id) throws IOException {
        Blob blob = store.find(id).orElse(null);
        if (blob == null || !blob.readableBy(who.id())) {
            throw new Refusal(ErrorCode.NOT_FOUND, BlobTexts.NOT_FOUND);
        }
        if (blob.recipients().contains(who.id()) && store.fetched(blob, who.id())) {
            LOG.info("event=blob_fetched_by_all blob={}", blob.id());
        }
        return new Ok();
    }

    private Blob readable(Account who, String id) {
        return store.find(id).filter(b -> b.readableBy(who.id()))
                .orElseThrow(() -> new Refusal(ErrorCode.NOT_FOUND, BlobTexts.NOT_FOUND));
    }

    private static BlobStatus status(Blob blob) {
        return new BlobStatus(blob.id(), blob.size(), blob.stored());
    }

    private static dev.parley.wire.Error error(ErrorCode code, String sentence) {
        return new dev.parley.wire.Error(code, sentence);
    }

    /** Read channels a stream keeps open between its reads of the same blob. */
    interface ReaderCache {
        FileChannel get(Blob blob) throws IOException;
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
        io.shutdown();
        try {
            if (!io.awaitTermination(5, TimeUnit.SECONDS)) {
                io.shutdownNow();
            }
        } catch (InterruptedException e) {
            io.shutdownNow();
            Thread.currentThread().interrupt();
        }
        store.close();
    }
}
