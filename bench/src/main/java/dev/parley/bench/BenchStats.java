package dev.parley.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/** Counters shared by every connection of one run. */
public final class BenchStats {
    public final LongAdder delivers = new LongAdder();
    public final LongAdder ackFrames = new LongAdder();
    public final LongAdder receipts = new LongAdder();
    public final LongAdder ackErrors = new LongAdder();
    public final LongAdder malformed = new LongAdder();
    /** Delivers of messages from an earlier run or step (acked and otherwise ignored). */
    public final LongAdder stale = new LongAdder();
    public final LongAdder channelErrors = new LongAdder();
    public final LongAdder connectFailures = new LongAdder();
    public final LongAdder closedByServer = new LongAdder();
    /** Completed TLS handshakes that resumed a session (no certificate shown), and full ones. */
    public final LongAdder tlsResumed = new LongAdder();
    public final LongAdder tlsFull = new LongAdder();
    private final AtomicLongArray errorsByCode = new AtomicLongArray(256);
    private final AtomicReference<String> lastError = new AtomicReference<>();

    void error(int code) {
        errorsByCode.incrementAndGet(code & 0xFF);
    }

    void lastError(Throwable t) {
        lastError.set(t.getClass().getSimpleName() + ": " + t.getMessage());
    }

    public String lastError() {
        return lastError.get();
    }

    /** Error responses by code name, e.g. {RATE_LIMITED=3}. */
    public Map<String, Long> errors() {
        Map<String, Long> out = new TreeMap<>();
        for (int i = 0; i < 256; i++) {
            long n = errorsByCode.get(i);
            if (n > 0) {
                out.put(codeName(i), n);
            }
        }
        return out;
    }

    public long errorCount() {
        long n = 0;
        for (int i = 0; i < 256; i++) {
            n += errorsByCode.get(i);
        }
        return n;
    }

    static String codeName(int code) {
        for (dev.parley.wire.ErrorCode c : dev.parley.wire.ErrorCode.values()) {
            if (c.code() == code) {
                return c.name();
            }
        }
        return "CODE_" + code;
    }
}
