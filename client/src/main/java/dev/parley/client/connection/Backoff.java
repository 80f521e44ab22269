package dev.parley.client.connection;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with full jitter: attempt n waits a random time between half and all of
 * min(max, base·2ⁿ), so many clients cut off together do not reconnect in lockstep.
 */
public final class Backoff {

    private final Duration base;
    private final Duration max;
    private final DoubleSupplier random;
    private int attempt;

    public Backoff(Duration base, Duration max, DoubleSupplier random) {
        if (base.isNegative() || base.isZero() || max.compareTo(base) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < base <= max");
        }
        this.base = base;
        this.max = max;
        this.random = random;
    }

    /** How long to wait before the next attempt. */
    public Duration next() {
        long ceiling = base.toMillis() << Math.min(attempt, 20);
        ceiling = Math.min(ceiling, max.toMillis());
        attempt++;
        long wait = ceiling / 2 + (long) (random.getAsDouble() * (ceiling - ceiling / 2));
        return Duration.ofMillis(wait);
    }

    /** Call after a successful attempt. */
    public void reset() {
        attempt = 0;
    }
}
