package dev.parley.client.files;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** The threads that encrypt and decrypt file chunks: one per core, shared by every transfer in the process. */
final class FileCrypto {
    static final int THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());
    /** Chunk tasks in flight per transfer: enough to keep every core busy while the oldest result is written. */
    static final int WINDOW = THREADS + 2;
    private static final AtomicInteger COUNT = new AtomicInteger();
    static final ExecutorService POOL = Executors.newFixedThreadPool(THREADS,
            r -> Thread.ofPlatform().name("parley-file-crypto-" + COUNT.incrementAndGet()).daemon().unstarted(r));

    private FileCrypto() {
    }
}
