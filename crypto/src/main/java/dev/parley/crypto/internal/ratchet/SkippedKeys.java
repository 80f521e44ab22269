package dev.parley.crypto.internal.ratchet;

import dev.parley.crypto.InvalidMessageException;
import dev.parley.crypto.internal.ByteReader;
import dev.parley.crypto.internal.ByteWriter;
import dev.parley.crypto.internal.Bytes;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Message-key seeds of messages not yet received, by (ratchet key, counter), so late messages can
 * still be read. Bounded: at most {@link #MAX_TOTAL} entries; past that the oldest are dropped
 * (a message that late is then rejected).
 */
public final class SkippedKeys {
    public static final int MAX_TOTAL = 2000;

    private record Id(String ratchetKey, int counter) {}

    private final LinkedHashMap<Id, byte[]> seeds = new LinkedHashMap<>();
    private final int maxTotal;

    public SkippedKeys(int maxTotal) {
        this.maxTotal = maxTotal;
    }

    public void put(byte[] ratchetKey, int counter, byte[] seed) {
        seeds.put(new Id(Bytes.hex(ratchetKey), counter), seed);
        Iterator<Map.Entry<Id, byte[]>> oldest = seeds.entrySet().iterator();
        while (seeds.size() > maxTotal) {
            oldest.next();
            oldest.remove();
        }
    }

    /** Removes and returns the seed, or null if there is none. */
    public byte[] take(byte[] ratchetKey, int counter) {
        if (seeds.isEmpty()) return null;
        return seeds.remove(new Id(Bytes.hex(ratchetKey), counter));
    }

    public int size() {
        return seeds.size();
    }

    void write(ByteWriter w, boolean withRatchetKey) {
        w.u16(seeds.size());
        for (var e : seeds.entrySet()) {
            if (withRatchetKey) w.bytes(Bytes.unhex(e.getKey().ratchetKey()));
            w.i32(e.getKey().counter()).bytes(e.getValue());
        }
    }

    static SkippedKeys read(ByteReader r, boolean withRatchetKey, int maxTotal) throws InvalidMessageException {
        int n = r.u16();
        if (n > maxTotal) throw new InvalidMessageException("too many skipped keys");
        SkippedKeys keys = new SkippedKeys(maxTotal);
        for (int i = 0; i < n; i++) {
            byte[] ratchetKey = withRatchetKey ? r.bytes(32) : new byte[0];
            keys.put(ratchetKey, r.u31(), r.bytes(32));
        }
        return keys;
    }

    @Override
    public String toString() {
        return "SkippedKeys[" + seeds.size() + "]";
    }
}
