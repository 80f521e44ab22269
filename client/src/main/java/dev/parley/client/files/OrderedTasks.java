package dev.parley.client.files;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;

/**
 * Runs chunk tasks on a pool, at most {@code parallelism} at once, and hands their results to a sink
 * strictly in submission order. The submitting thread blocks when the window is full, so memory is
 * bounded by the window whatever the file size.
 */
final class OrderedTasks<T> {
    interface Task<T> {
        T run() throws Exception;
    }

    interface Sink<T> {
        void accept(T result) throws Exception;
    }

    private final Executor executor;
    private final int parallelism;
    private final Sink<T> sink;
    private final ArrayDeque<CompletableFuture<T>> inFlight = new ArrayDeque<>();

    OrderedTasks(Executor executor, int parallelism, Sink<T> sink) {
        this.executor = executor;
        this.parallelism = Math.max(1, parallelism);
        this.sink = sink;
    }

    void submit(Task<T> task) throws Exception {
        inFlight.add(CompletableFuture.supplyAsync(() -> {
            try {
                return task.run();
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }, executor));
        while (inFlight.size() > parallelism) {
            drainOne();
        }
    }

    void finish() throws Exception {
        while (!inFlight.isEmpty()) {
            drainOne();
        }
    }

    /** Drops whatever is still running (after a failure). */
    void cancel() {
        inFlight.forEach(f -> f.cancel(false));
        inFlight.clear();
    }

    private void drainOne() throws Exception {
        CompletableFuture<T> head = inFlight.poll();
        T result;
        try {
            result = head.get();
        } catch (ExecutionException e) {
            cancel();
            Throwable cause = e.getCause() instanceof CompletionException c && c.getCause() != null ? c.getCause() : e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            throw (Error) cause;
        } catch (CancellationException e) {
            cancel();
            throw new IOException("cancelled", e);
        }
        sink.accept(result);
    }
}
