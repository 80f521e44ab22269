package dev.parley.client.files;

import dev.parley.client.connection.ServerErrorException;
import dev.parley.wire.ErrorCode;
import java.time.Duration;

/**
 * When a transfer reconnects: waits from 100 ms doubling to 5 s, and gives up once nothing has moved
 * for {@code stall}. Network failures, timeouts and "busy" answers are worth retrying; other refusals
 * are final.
 */
final class Retry {
    private static final long MIN_MILLIS = 100;
    private static final long MAX_MILLIS = 5_000;

    private final long stallNanos;
    private long lastProgress = System.nanoTime();
    private long waitMillis = MIN_MILLIS;

    Retry(Duration stall) {
        this.stallNanos = stall.toNanos();
    }

    /** Something moved: the clock restarts and the next wait is short again. */
    void progressed() {
        lastProgress = System.nanoTime();
        waitMillis = MIN_MILLIS;
    }

    /** Sleeps before the next attempt; false when it is time to give up. */
    boolean pause() throws InterruptedException {
        if (System.nanoTime() - lastProgress > stallNanos) {
            return false;
        }
        Thread.sleep(waitMillis);
        waitMillis = Math.min(MAX_MILLIS, waitMillis * 2);
        return true;
    }

    static boolean retryable(ErrorCode code) {
        return switch (code) {
            case UNAVAILABLE, INTERNAL, RATE_LIMITED, LIMIT_REACHED -> true;
            default -> false;
        };
    }

    static boolean retryable(Throwable failure) {
        return !(failure instanceof ServerErrorException e) || retryable(e.code());
    }
}
