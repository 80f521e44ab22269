package dev.parley.client.files;

import dev.parley.client.connection.ServerErrorException;
import dev.parley.crypto.file.EncryptedFileInfo;
import dev.parley.crypto.file.FileEncryptor;
import dev.parley.crypto.file.FileFormat;
import dev.parley.crypto.file.FileKey;
import dev.parley.wire.BlobStatus;
import dev.parley.wire.ErrorCode;
import dev.parley.wire.Limits;
import dev.parley.wire.Message;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encrypts a file and uploads it to the server's blob store as one streamed pipeline:
 *
 * <pre>
 *  file ─read 64 KiB─▶ chunk tasks on every core ─in order─▶ SHA-256 ─512 KiB segments─▶ queue(4) ─▶ BlobWrite × 8 in flight
 * </pre>
 *
 * Reading, encrypting and sending overlap; memory holds a few chunks, four queued segments and the
 * eight unacknowledged ones (about 6 MiB), whatever the file's size. The server forces each write to
 * disk before it acknowledges it. When the stream drops, a new one is opened, {@code BlobStat} says
 * how much is stored, and the unacknowledged segments (kept exactly for this) are sent again from
 * there, so an upload resumes from the last stored byte instead of starting over.
 */
final class Upload {
    private static final Logger log = LoggerFactory.getLogger(Upload.class);
    static final int SEGMENT = Limits.MAX_CHUNK_BYTES;
    static final int WINDOW = 8;
    private static final int QUEUED = 4;

    /** What the message announcing the file carries. */
    record Result(String blobId, FileKey key, EncryptedFileInfo info) {
    }

    private record Segment(long offset, byte[] data) {
        Segment from(long start) {
            return new Segment(start, Arrays.copyOfRange(data, (int) (start - offset), data.length));
        }

        long end() {
            return offset + data.length;
        }
    }

    private static final Segment END = new Segment(-1, new byte[0]);
    private static final Segment FAILED = new Segment(-2, new byte[0]);

    private record Pending(Segment segment, CompletableFuture<Message> ack) {
    }

    private final BlobStream.Access access;
    private final Path file;
    private final long size;
    private final List<String> recipients;
    private final Progress progress;
    private final Duration stall;
    private volatile BlobStream stream;
    private volatile boolean cancelled;

    Upload(BlobStream.Access access, Path file, long size, List<String> recipients, Progress progress, Duration stall) {
        this.access = access;
        this.file = file;
        this.size = size;
        this.recipients = List.copyOf(recipients);
        this.progress = progress;
        this.stall = stall;
    }

    /** Stops the upload from another thread; {@link #run} then fails. */
    void cancel() {
        cancelled = true;
        BlobStream s = stream;
        if (s != null) {
            s.close();
        }
    }

    /** Told once the server reserved the blob, before the first byte goes up (to announce the file early). */
    @FunctionalInterface
    interface Announcer {
        void created(String blobId, FileKey key) throws Exception;
    }

    Result run(Announcer announcer) throws TransferException, InterruptedException {
        long ciphertextSize = FileFormat.ciphertextLength(size);
        String blobId;
        try {
            stream = BlobStream.open(access);
            blobId = stream.create(ciphertextSize, recipients).blobId();
        } catch (ServerErrorException e) {
            closeStream();
            throw new TransferException(e.getMessage(), e.code(), e);
        } catch (IOException e) {
            closeStream();
            throw new TransferException("cannot reach the server to upload the file: " + e.getMessage(), e);
        }
        FileKey key = FileKey.generate();
        try {
            announcer.created(blobId, key);
        } catch (InterruptedException e) {
            closeStream();
            throw e;
        } catch (Exception e) {
            closeStream();
            throw new TransferException("it could not be announced: " + e.getMessage(), e);
        }
        BlockingQueue<Segment> queue = new ArrayBlockingQueue<>(QUEUED);
        CompletableFuture<EncryptedFileInfo> encrypted = new CompletableFuture<>();
        Thread producer = Thread.ofVirtual().name("parley-upload-encrypt").start(() -> encrypt(key, queue, encrypted));
        try {
            send(blobId, ciphertextSize, queue, encrypted);
            EncryptedFileInfo info = encrypted.get();
            if (info.plaintextLength() != size || info.ciphertextLength() != ciphertextSize) {
                throw new TransferException("the file changed while it was being sent", null);
            }
            return new Result(blobId, key, info);
        } catch (ExecutionException e) {
            throw producerFailure(e.getCause());
        } finally {
            producer.interrupt();
            closeStream();
        }
    }

    /** The producer: file → encrypted chunks in order → 512 KiB segments on the queue. */
    private void encrypt(FileKey key, BlockingQueue<Segment> queue, CompletableFuture<EncryptedFileInfo> done) {
        try (InputStream in = Files.newInputStream(file)) {
            SegmentStream out = new SegmentStream(queue);
            EncryptedFileInfo info = new FileEncryptor(key).encrypt(new Bounded(in, size + 1), out, FileCrypto.POOL,
                    FileCrypto.WINDOW);
            out.finish();
            done.complete(info);
            queue.put(END);
        } catch (Throwable e) {
            done.completeExceptionally(e);
            try {
                queue.clear();
                queue.put(FAILED);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void send(String blobId, long ciphertextSize, BlockingQueue<Segment> queue,
                      CompletableFuture<EncryptedFileInfo> encrypted) throws TransferException, InterruptedException, ExecutionException {
        ArrayDeque<Pending> unacked = new ArrayDeque<>();
        Retry retry = new Retry(stall);
        long produced = 0;
        int resyncs = 0;
        boolean producerDone = false;
        while (true) {
            if (cancelled) {
                throw new TransferException("the upload was cancelled", null);
            }
            while (!producerDone && unacked.size() < WINDOW) {
                Segment next = unacked.isEmpty() ? queue.take() : queue.poll();
                if (next == null) {
                    break;
                }
                if (next == FAILED) {
                    encrypted.get();
                    throw new TransferException("the file could not be read", null);
                }
                if (next == END) {
                    producerDone = true;
                    break;
                }
                produced = next.end();
                unacked.add(new Pending(next, stream.write(blobId, next.offset(), next.data())));
            }
            if (unacked.isEmpty()) {
                if (producerDone) {
                    break;
                }
                continue;
            }
            Pending head = unacked.peek();
            try {
                Message response = head.ack().get(access.timeouts().request().toMillis() + 5_000, TimeUnit.MILLISECONDS);
                if (!(response instanceof BlobStatus status)) {
                    throw new IOException("the server answered " + response.type() + " to a write");
                }
                unacked.poll();
                retry.progressed();
                resyncs = 0;
                progress.update(plaintextShare(status.stored(), ciphertextSize));
            } catch (ExecutionException | TimeoutException | IOException e) {
                Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                if (cause instanceof ServerErrorException refused) {
                    if (refused.code() == ErrorCode.TOO_LARGE) {
                        throw new TransferException("the file changed while it was being sent", refused.code(), refused);
                    }
                    boolean outOfStep = refused.code() == ErrorCode.BAD_REQUEST && ++resyncs <= 5;
                    if (!outOfStep && !Retry.retryable(refused.code())) {
                        throw new TransferException(refused.getMessage(), refused.code(), refused);
                    }
                }
                log.info("upload of {} interrupted at {} bytes: {}", blobId, head.segment().offset(), cause.toString());
                unacked = resume(blobId, unacked, produced, retry);
            }
        }
        if (produced != ciphertextSize) {
            encrypted.get();
            throw new TransferException("the file changed while it was being sent", null);
        }
    }

    /** Opens a new stream, asks how much is stored, and sends again what the server lacks. */
    private ArrayDeque<Pending> resume(String blobId, ArrayDeque<Pending> unacked, long produced, Retry retry)
            throws TransferException, InterruptedException {
        closeStream();
        while (true) {
            if (cancelled) {
                throw new TransferException("the upload was cancelled", null);
            }
            if (!retry.pause()) {
                throw new TransferException("the upload stalled: the server could not be reached for " + stall.toSeconds()
                        + " seconds", null);
            }
            try {
                stream = BlobStream.open(access);
                long stored = stream.stat(blobId).stored();
                long expected = unacked.isEmpty() ? produced : unacked.peek().segment().offset();
                if (stored < expected) {
                    throw new TransferException("the server lost part of the upload", null);
                }
                ArrayDeque<Pending> again = new ArrayDeque<>();
                for (Pending pending : unacked) {
                    Segment segment = pending.segment();
                    if (segment.end() <= stored) {
                        continue;
                    }
                    Segment rest = segment.offset() < stored ? segment.from(stored) : segment;
                    again.add(new Pending(rest, stream.write(blobId, rest.offset(), rest.data())));
                }
                log.info("upload of {} resumes at byte {}", blobId, stored);
                retry.progressed();
                return again;
            } catch (ServerErrorException e) {
                if (!Retry.retryable(e.code())) {
                    throw new TransferException(e.getMessage(), e.code(), e);
                }
                closeStream();
            } catch (IOException e) {
                log.debug("reconnecting the upload failed: {}", e.toString());
                closeStream();
            }
        }
    }

    private long plaintextShare(long ciphertextBytes, long ciphertextSize) {
        return ciphertextBytes >= ciphertextSize ? size : (long) ((double) ciphertextBytes / ciphertextSize * size);
    }

    private TransferException producerFailure(Throwable cause) {
        if (cause instanceof TransferException t) {
            return t;
        }
        if (cause instanceof InterruptedIOException) {
            return new TransferException("the upload was cancelled", cause);
        }
        return new TransferException("the file could not be read: " + cause.getMessage(), cause);
    }

    private void closeStream() {
        BlobStream s = stream;
        if (s != null) {
            s.close();
        }
    }

    /** Cuts the ciphertext into segments of at most {@link #SEGMENT} bytes and queues them. */
    private static final class SegmentStream extends OutputStream {
        private final BlockingQueue<Segment> queue;
        private byte[] buffer = new byte[SEGMENT];
        private int filled;
        private long offset;

        SegmentStream(BlockingQueue<Segment> queue) {
            this.queue = queue;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                int n = Math.min(len, SEGMENT - filled);
                System.arraycopy(b, off, buffer, filled, n);
                filled += n;
                off += n;
                len -= n;
                if (filled == SEGMENT) {
                    emit();
                }
            }
        }

        void finish() throws IOException {
            if (filled > 0) {
                emit();
            }
        }

        private void emit() throws IOException {
            byte[] data = filled == buffer.length ? buffer : Arrays.copyOf(buffer, filled);
            try {
                queue.put(new Segment(offset, data));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("the upload was stopped");
            }
            offset += filled;
            buffer = new byte[SEGMENT];
            filled = 0;
        }
    }

    /** Reads at most limit bytes (one more than announced, so a file that grew is noticed, not silently cut). */
    private static final class Bounded extends InputStream {
        private final InputStream in;
        private long left;

        Bounded(InputStream in, long limit) {
            this.in = in;
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }
}
