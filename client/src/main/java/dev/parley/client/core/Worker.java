package dev.parley.client.core;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that touches an account's state: the store, the ratchets, the outbox. Pushes,
 * send results and user calls all become tasks here, so they run one at a time in arrival order.
 * The network reader never runs here, so a task may block waiting for a response.
 */
public final class Worker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Worker.class);

    /** One timer for every client in the process; it only hands tasks to their workers. */
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "parley-client-timer");
        t.setDaemon(true);
        return t;
    });

    private final ExecutorService executor;
    private volatile Thread thread;
    private volatile boolean closed;

    /** The worker is a virtual thread, so a process can hold many clients (tests, load tools). */
    public Worker() {
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = Thread.ofVirtual().name("parley-client").unstarted(r);
            thread = t;
            return t;
        });
    }

    public boolean onWorkerThread() {
        return Thread.currentThread() == thread;
    }

    /** Work that may throw. */
    @FunctionalInterface
    public interface Task<T> {
        T run() throws Exception;
    }

    /** Runs a task on the worker and waits for it; runs it directly when already on the worker. */
    public <T> T call(Task<T> task) throws Exception {
        if (onWorkerThread()) {
            return task.run();
        }
        Callable<T> callable = task::run;
        try {
            return executor.submit(callable).get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception exception) {
                throw exception;
            }
            throw (Error) cause;
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("the client is closed", e);
        }
    }

    /** Queues a task; failures are logged. */
    public void execute(Runnable task) {
        try {
            executor.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    log.error("background task failed", e);
                }
            });
        } catch (RejectedExecutionException e) {
            log.debug("task after close ignored");
        }
    }

    /** Queues a task after a delay. */
    public void schedule(Runnable task, Duration delay) {
        if (!closed) {
            TIMER.schedule(() -> execute(task), delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** A future completed on the worker once every task queued before it has run. */
    public CompletableFuture<Void> barrier() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        execute(() -> done.complete(null));
        return done;
    }

    @Override
    public void close() {
        closed = true;
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
