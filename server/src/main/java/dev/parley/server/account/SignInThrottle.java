package dev.parley.server.account;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Slows down password guessing. Each account and each remote address may fail a few times freely;
 * after that every further failure doubles the wait before the next attempt (1 s, 2 s, 4 s, … up to
 * the cap). Attempts made during a wait are refused without checking the password and do not count.
 * A success clears the account's record; records untouched for an hour are forgotten.
 */
public final class SignInThrottle {
    private static final long BASE_NANOS = 1_000_000_000L;
    private static final long FORGET_NANOS = 3_600_000_000_000L;

    private final int freePerAccount;
    private final int freePerAddress;
    private final long maxDelayNanos;
    private final LongSupplier nanoTime;
    private final Map<String, Failures> accounts = new ConcurrentHashMap<>();
    private final Map<String, Failures> addresses = new ConcurrentHashMap<>();

    public SignInThrottle(int freePerAccount, int freePerAddress, long maxDelayNanos, LongSupplier nanoTime) {
        this.freePerAccount = freePerAccount;
        this.freePerAddress = freePerAddress;
        this.maxDelayNanos = maxDelayNanos;
        this.nanoTime = nanoTime;
    }

    /** 0 when an attempt for this account from this address may go ahead now, else the nanoseconds to wait. */
    public long waitFor(String account, String address) {
        long now = nanoTime.getAsLong();
        return Math.max(remaining(accounts.get(account), now), remaining(addresses.get(address), now));
    }

    public void failed(String account, String address) {
        long now = nanoTime.getAsLong();
        record(accounts, account, freePerAccount, now);
        record(addresses, address, freePerAddress, now);
    }

    /** A failure that only counts against the address (a bad session token). */
    public void failedFromAddress(String address) {
        record(addresses, address, freePerAddress, nanoTime.getAsLong());
    }

    public void succeeded(String account) {
        accounts.remove(account);
    }

    /** Forgets records that have been quiet for an hour. */
    public void sweep() {
        long now = nanoTime.getAsLong();
        accounts.values().removeIf(failures -> failures.quietSince(now));
        addresses.values().removeIf(failures -> failures.quietSince(now));
    }

    int tracked() {
        return accounts.size() + addresses.size();
    }

    private void record(Map<String, Failures> map, String key, int free, long now) {
        map.compute(key, (ignored, failures) -> {
            Failures next = failures == null ? new Failures() : failures;
            next.failed(now, free, maxDelayNanos);
            return next;
        });
    }

    private static long remaining(Failures failures, long now) {
        return failures == null ? 0 : failures.remaining(now);
    }

    private static final class Failures {
        private int count;
        private long lastNanos;
        private long lockedUntilNanos;

        synchronized void failed(long now, int free, long maxDelay) {
            count++;
            lastNanos = now;
            if (count > free) {
                int doublings = Math.min(count - free - 1, 40);
                long delay = Math.min(maxDelay, BASE_NANOS << Math.min(doublings, 30));
                lockedUntilNanos = now + delay;
            }
        }

        synchronized long remaining(long now) {
            return Math.max(0, lockedUntilNanos - now);
        }

        synchronized boolean quietSince(long now) {
            return now - lastNanos > FORGET_NANOS && now >= lockedUntilNanos;
        }
    }
}
