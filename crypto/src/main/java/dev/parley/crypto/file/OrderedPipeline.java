package dev.parley.crypto.file;

import dev.parley.crypto.InvalidMessageException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Runs chunk tasks on an executor, at most {@code parallelism} at a time, and hands their results
 * to a sink strictly in submission order. With a direct executor it is plain sequential code.
 */
final class OrderedPipeline {
    interface Task {
        byte[] run() throws InvalidMessageException;
    }

    interface Sink {
        void accept(byte[] result) throws IOException;
    }

    private final Executor executor;
    private final int parallelism;
    private final Sink sink;
    private final ArrayDeque<CompletableFuture<byte[]>> inFlight = new ArrayDeque<>();

    OrderedPipeline(Executor executor, int parallelism, Sink sink) {
        if (parallelism < 1) throw new IllegalArgumentException("parallelism must be at least 1");
        this.executor = executor;
        this.parallelism = parallelism;
        this.sink = sink;
    }

    void submit(Task task) throws IOException, InvalidMessageException {
        inFlight.add(CompletableFuture.supplyAsync(() -> {
            try {
                return task.run();
            } catch (InvalidMessageException e) {
                throw new CompletionException(e);
            }
        }, executor));
        while (inFlight.size() > parallelism) drainOne();
    }

    void finish() throws IOException, InvalidMessageException {
        while (!inFlight.isEmpty()) drainOne();
    }

    private void drainOne() throws IOException, InvalidMessageException {
        CompletableFuture<byte[]> head = inFlight.poll();
        byte[] result;
        try {
            result = head.join();
        } catch (CompletionException e) {
            inFlight.forEach(f -> f.cancel(false));
            inFlight.clear();
            if (e.getCause() instanceof InvalidMessageException ime) throw ime;
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw e;
        }
        sink.accept(result);
    }
}
