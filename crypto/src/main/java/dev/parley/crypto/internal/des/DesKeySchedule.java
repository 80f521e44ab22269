package dev.parley.crypto.internal.des;

/**
 * The DES key schedule (FIPS 46-3): PC-1, left rotations, PC-2. PC-1 and PC-2 run as byte-wise
 * table lookups computed from the published tables. Each round key is stored as two ints holding
 * the eight 6-bit groups at the bit positions the round function of {@link FastTripleDes} reads.
 */
final class DesKeySchedule {
    /** PC-1 by input byte: 64-bit key → 56 bits (output bit 1 at bit 55). */
    private static final long[] PC1_BYTES = byteTables(DesTables.PC1, 64, 8);
    /** PC-2 by input byte of the 56-bit C‖D → 48 bits (output bit 1 at bit 47). */
    private static final long[] PC2_BYTES = byteTables(DesTables.PC2, 56, 7);

    private DesKeySchedule() {}

    /** 16 rounds x (even-group word, odd-group word), for encryption order. */
    static int[] schedule(long key) {
        long cd = 0;
        for (int b = 0; b < 8; b++) cd |= PC1_BYTES[b * 256 + (int) ((key >>> (56 - 8 * b)) & 0xff)];
        int c = (int) (cd >>> 28) & 0xfffffff;
        int d = (int) cd & 0xfffffff;
        int[] ks = new int[32];
        for (int round = 0; round < 16; round++) {
            c = rotate28(c, DesTables.SHIFTS[round]);
            d = rotate28(d, DesTables.SHIFTS[round]);
            long joined = ((long) c << 28) | d;
            long sub = 0;
            for (int b = 0; b < 7; b++) sub |= PC2_BYTES[b * 256 + (int) ((joined >>> (48 - 8 * b)) & 0xff)];
            ks[2 * round] = group(sub, 0) | group(sub, 2) << 24 | group(sub, 4) << 16 | group(sub, 6) << 8;
            ks[2 * round + 1] = group(sub, 1) | group(sub, 3) << 24 | group(sub, 5) << 16 | group(sub, 7) << 8;
        }
        return ks;
    }

    private static int group(long sub, int i) {
        return (int) (sub >>> (42 - 6 * i)) & 63;
    }

    private static int rotate28(int v, int n) {
        return ((v << n) | (v >>> (28 - n))) & 0xfffffff;
    }

    /**
     * For a permutation {@code perm} (output bit i+1 takes input bit perm[i]) of an input of
     * {@code inBits} bits, the contribution of each value of each input byte to the output.
     */
    private static long[] byteTables(int[] perm, int inBits, int inBytes) {
        long[] t = new long[inBytes * 256];
        for (int b = 0; b < inBytes; b++) {
            for (int v = 0; v < 256; v++) {
                long in = (long) v << (inBits - 8 - 8 * b);
                long out = 0;
                for (int i = 0; i < perm.length; i++) {
                    if (((in >>> (inBits - perm[i])) & 1) != 0) out |= 1L << (perm.length - 1 - i);
                }
                t[b * 256 + v] = out;
            }
        }
        return t;
    }

    /** Copies the 16 round keys of {@code ks} into {@code out} at {@code at}, in reverse round order if asked. */
    static void place(int[] ks, boolean reversed, int[] out, int at) {
        for (int round = 0; round < 16; round++) {
            int from = reversed ? 15 - round : round;
            out[at + 2 * round] = ks[2 * from];
            out[at + 2 * round + 1] = ks[2 * from + 1];
        }
    }
}
