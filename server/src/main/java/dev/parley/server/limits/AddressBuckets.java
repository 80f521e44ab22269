package dev.parley.server.limits;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/** One token bucket per remote address, created on first use and forgotten once full again. */
public final class AddressBuckets {
    private final int burst;
    private final double perSecond;
    private final LongSupplier nanoTime;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    public AddressBuckets(int burst, double perSecond, LongSupplier nanoTime) {
        this.burst = burst;
        this.perSecond = perSecond;
        this.nanoTime = nanoTime;
    }

    /** 0 when allowed (and counted), else nanoseconds until the next attempt would be. */
    public long tryTake(String address) {
        long now = nanoTime.getAsLong();
        return buckets.computeIfAbsent(address, ignored -> new TokenBucket(burst, perSecond, now)).tryTake(now);
    }

    public void sweep() {
        long now = nanoTime.getAsLong();
        buckets.values().removeIf(bucket -> bucket.isFull(now));
    }
}
