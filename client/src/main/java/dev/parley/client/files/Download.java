package dev.parley.client.files;

import dev.parley.client.connection.ServerErrorException;
import dev.parley.crypto.InvalidMessageException;
import dev.parley.crypto.file.FileDecryptor;
import dev.parley.crypto.file.FileEncryptor;
import dev.parley.crypto.file.FileFormat;
import dev.parley.crypto.file.FileKey;
import dev.parley.wire.BlobData;
import dev.parley.wire.ErrorCode;
import dev.parley.wire.Limits;
import dev.parley.wire.Message;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads one file and decrypts it as one streamed pipeline:
 *
 * <pre>
 *  BlobRead × 8 in flight ─▶ cut into encrypted chunks ─▶ SHA-256 (in order) ─▶ open chunks on every core ─in order─▶ .part file
 * </pre>
 *
 * Every chunk's tag is checked before it is decrypted; the SHA-256 of the whole ciphertext is
 * compared with the sender's digest at the end, and only then does the file get its real name (a
 * hard link from the hidden {@code .parley-N.part} file in the same folder, so it appears whole and
 * never replaces another file). On any failure the part file is deleted: nothing unverified is ever
 * left under a real name.
 *
 * <p>Resuming: after a dropped stream the reads continue from the last byte received. After a
 * restart the part file holds the chunks already decrypted; their ciphertext is recomputed from them
 * (encryption is deterministic for a file key) to restore the digest, and the download continues at
 * the next chunk.
 */
final class Download {
    private static final Logger log = LoggerFactory.getLogger(Download.class);
    static final int SEGMENT = Limits.MAX_CHUNK_BYTES;
    static final int WINDOW = 8;

    /** What to fetch and where to put it. */
    record Job(String blobId, FileKey key, long ciphertextSize, long plaintextSize, Path folder, Path part, String name,
               Completion completion) {
    }

    /** Where the digest comes from: the offer itself, or the sender's completion message arriving later. */
    interface Completion {
        /** The digest once known, else null. */
        byte[] digest();

        /** Why the sender gave up, or null. */
        String senderFailure();
    }

    /** How long a download waits for an upload that stopped growing (and sent no completion) before it gives up. */
    static Duration abandonAfter = Duration.ofMinutes(10);

    /** A failure that retrying cannot fix: damaged data, the blob gone, the folder unusable. */
    static final class Permanent extends Exception {
        Permanent(String sentence, Throwable cause) {
            super(sentence, cause);
        }
    }

    private final BlobStream.Access access;
    private final Job job;
    private final Progress progress;
    private final Duration stall;
    private final long lastIndex;
    private volatile BlobStream stream;
    private volatile boolean cancelled;

    Download(BlobStream.Access access, Job job, Progress progress, Duration stall) {
        this.access = access;
        this.job = job;
        this.progress = progress;
        this.stall = stall;
        this.lastIndex = FileFormat.chunkCount(job.plaintextSize()) - 1;
    }

    void cancel() {
        cancelled = true;
        BlobStream s = stream;
        if (s != null) {
            s.close();
        }
    }

    /**
     * Fetches, checks and saves the file; returns where it was saved. Network trouble is retried
     * until nothing has moved for the stall time (then an IOException: try again later).
     *
     * @throws Permanent for damaged or vanished data and unusable folders (the part file is deleted)
     */
    Path run() throws Permanent, IOException, InterruptedException {
        FileChannel out = openPart();
        boolean keepPart = false;
        boolean placed = false;
        try {
            MessageDigest sha = sha256();
            sha.update(FileFormat.header());
            long resumeChunk = restore(out, sha);
            fetch(out, sha, resumeChunk);
            byte[] expected = awaitDigest();
            if (!MessageDigest.isEqual(sha.digest(), expected)) {
                throw new Permanent(damaged(), null);
            }
            out.force(true);
            out.close();
            Path saved;
            try {
                saved = SafeNames.place(job.part(), job.folder(), job.name());
                placed = true;
            } catch (IOException e) {
                throw new Permanent("it could not be saved in " + job.folder() + ": " + e.getMessage(), e);
            }
            return saved;
        } catch (InvalidMessageException e) {
            throw new Permanent(damaged(), e);
        } catch (IOException | InterruptedException e) {
            keepPart = !(e instanceof java.nio.file.FileSystemException) || cancelled;
            throw e;
        } finally {
            closeQuietly(out);
            closeStream();
            // a download stopped by closing the client keeps its part file, whatever the stop looked like
            // from inside (an interrupted write, a closed stream), so the next sign-in resumes it
            if (placed || (!keepPart && !cancelled)) {
                Files.deleteIfExists(job.part());
            }
        }
    }

    private String damaged() {
        return "it was damaged or tampered with on the way (a check of its encryption failed), so nothing was saved";
    }

    private FileChannel openPart() throws Permanent {
        try {
            if (!Files.isDirectory(job.folder())) {
                Files.createDirectories(job.folder());
                try {
                    Files.setPosixFilePermissions(job.folder(), PosixFilePermissions.fromString("rwx------"));
                } catch (UnsupportedOperationException ignored) {
                    // keeps the default permissions
                }
            }
            try {
                return FileChannel.open(job.part(), Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                        StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (FileAlreadyExistsException e) {
                if (Files.isSymbolicLink(job.part()) || !Files.isRegularFile(job.part(), LinkOption.NOFOLLOW_LINKS)) {
                    throw new IOException(job.part() + " is not a regular file");
                }
                return FileChannel.open(job.part(), StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
            } catch (UnsupportedOperationException e) {
                return FileChannel.open(job.part(), StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
            }
        } catch (IOException e) {
            throw new Permanent("the downloads folder " + job.folder() + " cannot be written: " + e.getMessage(), e);
        }
    }

    /**
     * Keeps the whole chunks already in the part file (never the last one) and feeds their
     * re-encrypted form to the digest; returns the index of the first chunk still to fetch.
     */
    private long restore(FileChannel out, MessageDigest sha) throws IOException {
        long have = Math.min(out.size() / FileFormat.CHUNK_SIZE, lastIndex);
        out.truncate(have * FileFormat.CHUNK_SIZE);
        if (have == 0) {
            return 0;
        }
        log.info("download of {} resumes at chunk {} of {}", job.blobId(), have, lastIndex + 1);
        FileEncryptor encryptor = new FileEncryptor(job.key());
        OrderedTasks<byte[]> tasks = new OrderedTasks<>(FileCrypto.POOL, FileCrypto.WINDOW, sha::update);
        try {
            for (long i = 0; i < have; i++) {
                ByteBuffer plain = ByteBuffer.allocate(FileFormat.CHUNK_SIZE);
                long position = i * FileFormat.CHUNK_SIZE;
                while (plain.hasRemaining()) {
                    if (out.read(plain, position + plain.position()) < 0) {
                        throw new IOException("the partial download is shorter than it said");
                    }
                }
                long index = i;
                tasks.submit(() -> encryptor.encryptChunk(index, plain.array(), 0, FileFormat.CHUNK_SIZE, false));
            }
            tasks.finish();
        } catch (IOException | RuntimeException e) {
            tasks.cancel();
            throw e;
        } catch (Exception e) {
            tasks.cancel();
            throw new IOException(e);
        }
        progress.update(have * FileFormat.CHUNK_SIZE);
        return have;
    }

    private void fetch(FileChannel out, MessageDigest sha, long firstChunk)
            throws IOException, InterruptedException, InvalidMessageException, Permanent {
        FileDecryptor decryptor = new FileDecryptor(job.key());
        OrderedTasks<Chunk> tasks = new OrderedTasks<>(FileCrypto.POOL, FileCrypto.WINDOW, chunk -> {
            ByteBuffer plain = ByteBuffer.wrap(chunk.plain());
            long position = chunk.index() * FileFormat.CHUNK_SIZE;
            while (plain.hasRemaining()) {
                position += out.write(plain, position);
            }
            progress.update(position);
        });
        Assembler assembler = new Assembler(firstChunk, (index, bytes, last) -> {
            sha.update(bytes);
            tasks.submit(() -> new Chunk(index, decryptor.decryptChunk(index, bytes, 0, bytes.length, last)));
        });
        long consumed = firstChunk == 0 ? 0 : FileFormat.ciphertextOffset(firstChunk);
        long requested = consumed;
        ArrayDeque<Read> reads = new ArrayDeque<>();
        Retry retry = new Retry(stall);
        Tail tail = new Tail();
        try {
            stream = open(retry);
            long known = stored(retry);
            while (consumed < job.ciphertextSize()) {
                if (cancelled) {
                    throw new IOException("the download was stopped");
                }
                senderGaveUp();
                // never ask for more than is stored: a file announced while it uploads is read as it grows
                while (reads.size() < WINDOW && requested < known) {
                    int length = (int) Math.min(SEGMENT, known - requested);
                    reads.add(new Read(requested, length, stream.read(job.blobId(), requested, length)));
                    requested += length;
                }
                if (reads.isEmpty()) {
                    tail.pause();
                    long now = stored(retry);
                    tail.saw(now > known);
                    known = Math.max(known, now);
                    continue;
                }
                Read head = reads.peek();
                byte[] bytes;
                try {
                    BlobData data = BlobStream.data(head.response().get(access.timeouts().request().toMillis() + 5_000,
                            TimeUnit.MILLISECONDS));
                    bytes = data.data();
                    if (data.offset() != head.offset() || bytes.length != head.length()) {
                        throw new IOException("the server sent bytes " + data.offset() + "+" + bytes.length + ", expected "
                                + head.offset() + "+" + head.length());
                    }
                    reads.poll();
                } catch (ExecutionException | TimeoutException | IOException e) {
                    Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                    if (cause instanceof ServerErrorException refused && !Retry.retryable(refused.code())) {
                        throw new Permanent(refused.code() == ErrorCode.NOT_FOUND
                                ? "it is no longer on the server (" + refused.getMessage() + ")" : refused.getMessage(), refused);
                    }
                    log.info("download of {} interrupted at byte {}: {}", job.blobId(), consumed, cause.toString());
                    reads.clear();
                    closeStream();
                    stream = open(retry);
                    known = Math.max(known, stored(retry));
                    requested = consumed;
                    continue;
                }
                try {
                    assembler.accept(bytes);
                } catch (IOException e) {
                    throw new LocalFailure(e);
                }
                consumed += bytes.length;
                retry.progressed();
            }
            tasks.finish();
        } catch (LocalFailure e) {
            tasks.cancel();
            throw new Permanent("it could not be written to " + job.folder() + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InvalidMessageException | IOException | InterruptedException | Permanent e) {
            tasks.cancel();
            throw e;
        } catch (ServerErrorException e) {
            tasks.cancel();
            if (!Retry.retryable(e.code())) {
                throw new Permanent(e.code() == ErrorCode.NOT_FOUND
                        ? "it is no longer on the server (" + e.getMessage() + ")" : e.getMessage(), e);
            }
            throw new IOException(e.getMessage(), e);
        } catch (Exception e) {
            tasks.cancel();
            if (e.getCause() instanceof InvalidMessageException ime) {
                throw ime;
            }
            throw new IOException(e);
        }
    }

    private record Read(long offset, int length, CompletableFuture<Message> response) {
    }

    /** How much of the blob the server holds, reconnecting when the stream broke. */
    private long stored(Retry retry) throws IOException, InterruptedException, Permanent, ServerErrorException {
        while (true) {
            try {
                return stream.stat(job.blobId()).stored();
            } catch (IOException e) {
                log.info("file stream of {} broke: {}", job.blobId(), e.toString());
                closeStream();
                if (!retry.pause()) {
                    throw new IOException("the server could not be reached for " + stall.toSeconds() + " seconds", e);
                }
                stream = open(retry);
            }
        }
    }

    private void senderGaveUp() throws Permanent {
        String failure = job.completion().senderFailure();
        if (failure != null) {
            throw new Permanent("the sender stopped sending it (" + failure + ")", null);
        }
    }

    /**
     * Waiting for an upload in progress: polls from 10 ms, doubling to 200 ms, and gives up when it
     * has not grown for {@link #abandonAfter}.
     */
    private final class Tail {
        private long waitMillis = 10;
        private long lastGrowth = System.nanoTime();

        void pause() throws InterruptedException {
            Thread.sleep(waitMillis);
            waitMillis = Math.min(200, waitMillis * 2);
        }

        void saw(boolean grew) throws Permanent {
            if (grew) {
                lastGrowth = System.nanoTime();
                waitMillis = 10;
            } else if (System.nanoTime() - lastGrowth > abandonAfter.toNanos()) {
                throw new Permanent("the sender stopped sending it", null);
            }
        }
    }

    /** Every byte is in and every chunk checked; the digest may still be on its way from the sender. */
    private byte[] awaitDigest() throws Permanent, InterruptedException, IOException {
        long started = System.nanoTime();
        long waitMillis = 10;
        while (true) {
            byte[] digest = job.completion().digest();
            if (digest != null && digest.length == 32) {
                return digest;
            }
            senderGaveUp();
            if (cancelled) {
                throw new IOException("the download was stopped");
            }
            if (System.nanoTime() - started > abandonAfter.toNanos()) {
                throw new Permanent("the sender never confirmed it", null);
            }
            Thread.sleep(waitMillis);
            waitMillis = Math.min(200, waitMillis * 2);
        }
    }

    /** Opens a stream, retrying until the stall time passes. */
    private BlobStream open(Retry retry) throws IOException, InterruptedException, Permanent {
        while (true) {
            if (cancelled) {
                throw new IOException("the download was stopped");
            }
            try {
                return BlobStream.open(access);
            } catch (ServerErrorException e) {
                if (!Retry.retryable(e.code())) {
                    throw new Permanent(e.getMessage(), e);
                }
            } catch (IOException e) {
                log.debug("opening a file stream failed: {}", e.toString());
            }
            if (!retry.pause()) {
                throw new IOException("the server could not be reached for " + stall.toSeconds() + " seconds");
            }
        }
    }

    private record Chunk(long index, byte[] plain) {
    }

    /** Writing the part file failed (not the network). */
    private static final class LocalFailure extends Exception {
        LocalFailure(IOException cause) {
            super(cause);
        }
    }

    private interface ChunkSink {
        void accept(long index, byte[] encrypted, boolean last) throws Exception;
    }

    /** Cuts the received byte stream into the header byte and encrypted chunks. */
    private final class Assembler {
        private final ChunkSink sink;
        private long index;
        private boolean headerSeen;
        private byte[] chunk;
        private int filled;

        Assembler(long firstChunk, ChunkSink sink) {
            this.sink = sink;
            this.index = firstChunk;
            this.headerSeen = firstChunk > 0;
            this.chunk = new byte[chunkLength(firstChunk)];
        }

        private int chunkLength(long i) {
            if (i < lastIndex) {
                return FileFormat.ENCRYPTED_CHUNK_SIZE;
            }
            return (int) (job.ciphertextSize() - FileFormat.ciphertextOffset(lastIndex));
        }

        void accept(byte[] bytes) throws Exception {
            int at = 0;
            if (!headerSeen && bytes.length > 0) {
                FileDecryptor.checkHeader(new byte[] {bytes[0]});
                headerSeen = true;
                at = 1;
            }
            while (at < bytes.length) {
                if (index > lastIndex) {
                    throw new InvalidMessageException("the file is longer than announced");
                }
                int n = Math.min(bytes.length - at, chunk.length - filled);
                System.arraycopy(bytes, at, chunk, filled, n);
                filled += n;
                at += n;
                if (filled == chunk.length) {
                    boolean last = index == lastIndex;
                    sink.accept(index, chunk, last);
                    index++;
                    filled = 0;
                    chunk = index <= lastIndex ? new byte[chunkLength(index)] : new byte[0];
                }
            }
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void closeStream() {
        BlobStream s = stream;
        if (s != null) {
            s.close();
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // already reported
        }
    }
}
