package dev.parley.server.blob;

import dev.parley.server.protocol.Refusal;
import dev.parley.server.state.Account;
import dev.parley.server.state.Connection;
import dev.parley.wire.BlobCreate;
import dev.parley.wire.BlobFetched;
import dev.parley.wire.BlobRead;
import dev.parley.wire.BlobStat;
import dev.parley.wire.BlobWrite;
import dev.parley.wire.ErrorCode;
import dev.parley.wire.Frame;
import dev.parley.wire.Message;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open file stream. Requests queue here (from the event loop) and run in order on the blob I/O
 * pool, never two at once for one stream. Backpressure both ways: past {@code maxPending} queued
 * requests the server stops reading from the socket, and a read waits while the socket's outbound
 * buffer is above its high-water mark, so a stream holds at most a few chunks in server memory
 * however fast its client sends or however slowly it reads. Consecutive writes to one blob are
 * forced to disk together (one fsync) and then each acknowledged.
 */
final class BlobSession implements BlobService.ReaderCache {
    private static final Logger LOG = LoggerFactory.getLogger(BlobSession.class);
    private static final int MAX_WRITES_PER_SYNC = 16;
    private static final int MAX_OPEN_READERS = 4;

    private final BlobService service;
    private final Connection connection;
    private final Account account;
    private final int maxPending;
    private final ArrayDeque<Frame> queue = new ArrayDeque<>();
    /** I/O pool only (one drain at a time). */
    private final Map<String, FileChannel> readers = new LinkedHashMap<>(8, 0.75f, true);
    private boolean running;
    private boolean waitingWritable;
    private boolean paused;
    private boolean closed;

    BlobSession(BlobService service, Connection connection, Account account, int maxPending) {
        this.service = service;
        this.connection = connection;
        this.account = account;
        this.maxPending = maxPending;
    }

    Account account() {
        return account;
    }

    /** Event loop: queues a request and makes sure a drain runs. */
    void enqueue(Frame frame) {
        synchronized (this) {
            if (closed) {
                return;
            }
            queue.add(frame);
            if (queue.size() >= maxPending && !paused) {
                paused = true;
                channel().config().setAutoRead(false);
            }
            if (running || waitingWritable) {
                return;
            }
            running = true;
        }
        schedule();
    }

    /** Event loop: the socket drained below its low-water mark. */
    void writable() {
        synchronized (this) {
            if (!waitingWritable || closed) {
                return;
            }
            waitingWritable = false;
            if (running) {
                return;
            }
            running = true;
        }
        schedule();
    }

    /** Event loop: the connection ended. */
    void close() {
        boolean idle;
        synchronized (this) {
            closed = true;
            queue.clear();
            idle = !running;
        }
        if (idle) {
            service.io().execute(this::closeReaders);
        }
    }

    private void schedule() {
        try {
            service.io().execute(this::drain);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            synchronized (this) {
                running = false;
            }
        }
    }

    private Channel channel() {
        return connection.channel();
    }

    private void drain() {
        while (true) {
            List<Frame> batch;
            synchronized (this) {
                if (closed) {
                    running = false;
                    closeReaders();
                    return;
                }
                Frame head = queue.peek();
                if (head == null) {
                    running = false;
                    resumeReading();
                    return;
                }
                if (head.message() instanceof BlobRead && !channel().isWritable()) {
                    if (channel().isActive()) {
                        waitingWritable = true;
                        running = false;
                        return;
                    }
                }
                batch = take();
                if (queue.size() <= maxPending / 2) {
                    resumeReading();
                }
            }
            try {
                process(batch);
            } catch (RuntimeException e) {
                LOG.error("event=blob_request_failed user={}", account.name(), e);
                for (Frame frame : batch) {
                    connection.fail(frame.id(), ErrorCode.INTERNAL, "the server failed to handle that request");
                }
            }
        }
    }

    /** The head request, plus the writes right behind it to the same blob (to share one fsync). */
    private List<Frame> take() {
        Frame head = queue.poll();
        List<Frame> batch = new ArrayList<>();
        batch.add(head);
        if (head.message() instanceof BlobWrite first) {
            Iterator<Frame> next = queue.iterator();
            while (batch.size() < MAX_WRITES_PER_SYNC && next.hasNext()) {
                Frame frame = next.next();
                if (!(frame.message() instanceof BlobWrite w) || !w.blobId().equals(first.blobId())) {
                    break;
                }
                batch.add(frame);
                next.remove();
            }
        }
        return batch;
    }

    private void resumeReading() {
        if (paused) {
            paused = false;
            channel().config().setAutoRead(true);
            channel().read();
        }
    }

    private void process(List<Frame> batch) {
        Frame head = batch.getFirst();
        long id = head.id();
        try {
            switch (head.message()) {
                case BlobWrite ignored -> {
                    List<BlobWrite> writes = new ArrayList<>(batch.size());
                    batch.forEach(f -> writes.add((BlobWrite) f.message()));
                    List<Message> replies = service.write(account, writes);
                    for (int i = 0; i < batch.size(); i++) {
                        connection.reply(batch.get(i).id(), replies.get(i));
                    }
                }
                case BlobCreate request -> connection.reply(id, service.create(account, request));
                case BlobStat request -> connection.reply(id, service.stat(account, request.blobId()));
                case BlobRead request -> {
                    ByteBuf data = service.read(account, id, request.blobId(), request.offset(), request.length(),
                            channel().alloc(), this);
                    if (id == Frame.PUSH) {
                        data.release();
                    } else {
                        connection.send(data);
                    }
                }
                case BlobFetched request -> connection.reply(id, service.fetched(account, request.blobId()));
                default -> connection.fail(id, ErrorCode.BAD_REQUEST, BlobTexts.ONLY_FILES);
            }
        } catch (Refusal refusal) {
            for (Frame frame : batch) {
                connection.fail(frame.id(), refusal.code(), refusal.sentence());
            }
        } catch (IOException e) {
            LOG.warn("event=blob_io_failed user={} reason=\"{}\"", account.name(), e.toString());
            for (Frame frame : batch) {
                connection.fail(frame.id(), ErrorCode.UNAVAILABLE, BlobTexts.DISK_FAILED);
            }
        }
    }

    @Override
    public FileChannel get(Blob blob) throws IOException {
        FileChannel channel = readers.get(blob.id());
        if (channel != null && channel.isOpen()) {
            return channel;
        }
        channel = service.store().openForReading(blob);
        readers.put(blob.id(), channel);
        if (readers.size() > MAX_OPEN_READERS) {
            Iterator<Map.Entry<String, FileChannel>> eldest = readers.entrySet().iterator();
            closeQuietly(eldest.next().getValue());
            eldest.remove();
        }
        return channel;
    }

    private void closeReaders() {
        readers.values().forEach(BlobSession::closeQuietly);
        readers.clear();
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing was written through it
        }
    }
}
