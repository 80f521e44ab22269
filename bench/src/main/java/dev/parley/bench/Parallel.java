package dev.parley.bench;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/** Runs {@code count} asynchronous tasks with at most {@code concurrency} in flight; never blocks an event loop. */
final class Parallel {
    private Parallel() {
    }

    /** Completes when every task has completed; counts failures instead of stopping at the first one. */
    static CompletableFuture<Integer> run(int count, int concurrency, IntFunction<CompletableFuture<?>> task) {
        CompletableFuture<Integer> all = new CompletableFuture<>();
        if (count == 0) {
            all.complete(0);
            return all;
        }
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        Runnable[] worker = new Runnable[1];
        worker[0] = () -> {
            int i = next.getAndIncrement();
            if (i >= count) {
                return;
            }
            CompletableFuture<?> f;
            try {
                f = task.apply(i);
            } catch (RuntimeException e) {
                f = CompletableFuture.failedFuture(e);
            }
            f.whenComplete((r, e) -> {
                if (e != null) {
                    failed.incrementAndGet();
                }
                if (done.incrementAndGet() == count) {
                    all.complete(failed.get());
                } else {
                    worker[0].run();
                }
            });
        };
        for (int k = 0; k < Math.min(concurrency, count); k++) {
            worker[0].run();
        }
        return all;
    }
}
