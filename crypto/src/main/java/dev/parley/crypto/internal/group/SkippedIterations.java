package dev.parley.crypto.internal.group;

import dev.parley.crypto.InvalidMessageException;
import dev.parley.crypto.internal.ByteReader;
import dev.parley.crypto.internal.ByteWriter;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** Message-key seeds of group messages not yet received, by iteration; the oldest go first past the bound. */
final class SkippedIterations {
    private final LinkedHashMap<Integer, byte[]> seeds = new LinkedHashMap<>();
    private final int max;

    SkippedIterations(int max) {
        this.max = max;
    }

    void put(int iteration, byte[] seed) {
        seeds.put(iteration, seed);
        Iterator<Map.Entry<Integer, byte[]>> oldest = seeds.entrySet().iterator();
        while (seeds.size() > max) {
            oldest.next();
            oldest.remove();
        }
    }

    byte[] take(int iteration) {
        return seeds.remove(iteration);
    }

    void write(ByteWriter w) {
        w.u16(seeds.size());
        seeds.forEach((i, s) -> w.i32(i).bytes(s));
    }

    static SkippedIterations read(ByteReader r, int max) throws InvalidMessageException {
        int n = r.u16();
        if (n > max) throw new InvalidMessageException("too many skipped keys");
        SkippedIterations s = new SkippedIterations(max);
        for (int i = 0; i < n; i++) s.put(r.u31(), r.bytes(32));
        return s;
    }
}
