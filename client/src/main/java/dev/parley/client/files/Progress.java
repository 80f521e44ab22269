package dev.parley.client.files;

import dev.parley.client.FileTransfer;
import dev.parley.client.events.ClientEvent;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * Tracks one transfer's bytes and publishes {@link ClientEvent.TransferProgress} at most every
 * {@value #INTERVAL_MILLIS} ms, with the rate over the last few seconds.
 */
final class Progress {
    static final long INTERVAL_MILLIS = 250;
    private static final long WINDOW_NANOS = 3_000_000_000L;

    private final FileTransfer transfer;
    private final Consumer<ClientEvent> publish;
    private final long startedNanos = System.nanoTime();
    private final ArrayDeque<long[]> samples = new ArrayDeque<>();
    private long lastPublished;
    private long done;

    Progress(FileTransfer transfer, Consumer<ClientEvent> publish) {
        this.transfer = transfer;
        this.publish = publish;
        samples.add(new long[] {startedNanos, 0});
    }

    FileTransfer transfer() {
        return transfer;
    }

    long startedNanos() {
        return startedNanos;
    }

    /** Bytes of the file done so far (never goes backwards). */
    synchronized void update(long bytes) {
        long now = System.nanoTime();
        done = Math.max(done, Math.min(bytes, transfer.size()));
        samples.add(new long[] {now, done});
        while (samples.size() > 2 && now - samples.peekFirst()[0] > WINDOW_NANOS) {
            samples.pollFirst();
        }
        if ((now - lastPublished) / 1_000_000 >= INTERVAL_MILLIS || done == transfer.size()) {
            lastPublished = now;
            publish.accept(new ClientEvent.TransferProgress(transfer, done, rate(now)));
        }
    }

    private double rate(long now) {
        long[] first = samples.peekFirst();
        double seconds = (now - first[0]) / 1e9;
        return seconds <= 0 ? 0 : (done - first[1]) / seconds;
    }
}
