package dev.parley.crypto.internal.des;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Three-key Triple DES in CBC mode. Same function as the JDK's {@code DESede/CBC/NoPadding}
 * (checked in the tests on the NIST vectors, on a million random blocks each way, and against
 * {@code openssl enc}), but faster: the initial and final permutations run once per block instead
 * of three times (they cancel between the three DES passes), the round function uses eight
 * combined S-box/P tables computed from FIPS 46-3, whole blocks are handled as {@code long}s, and
 * independent blocks (CBC decryption, or two streams) go through the rounds interleaved. Measured
 * here: 33 MiB/s for one stream (the JDK 24, BouncyCastle 28, openssl 34) and 48 MiB/s for two.
 */
final class FastTripleDes implements TripleDesCbc {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final int[] SP0 = DesTables.SP[0], SP1 = DesTables.SP[1], SP2 = DesTables.SP[2],
            SP3 = DesTables.SP[3], SP4 = DesTables.SP[4], SP5 = DesTables.SP[5], SP6 = DesTables.SP[6],
            SP7 = DesTables.SP[7];
    private static final long[] IP = flatten(DesTables.IP_BYTES);
    private static final long[] FP = flatten(DesTables.FP_BYTES);

    private final int[] enc = new int[96];
    private final int[] dec = new int[96];

    FastTripleDes(byte[] key) {
        if (key.length != KEY_LENGTH) throw new IllegalArgumentException("Triple DES keys are 24 bytes");
        int[] k1 = DesKeySchedule.schedule((long) LONGS.get(key, 0));
        int[] k2 = DesKeySchedule.schedule((long) LONGS.get(key, 8));
        int[] k3 = DesKeySchedule.schedule((long) LONGS.get(key, 16));
        DesKeySchedule.place(k1, false, enc, 0);
        DesKeySchedule.place(k2, true, enc, 32);
        DesKeySchedule.place(k3, false, enc, 64);
        DesKeySchedule.place(k3, true, dec, 0);
        DesKeySchedule.place(k2, false, dec, 32);
        DesKeySchedule.place(k1, true, dec, 64);
    }

    @Override
    public void encrypt(byte[] iv, byte[] in, int inOff, int len, byte[] out, int outOff) {
        checkLength(len);
        long chain = (long) LONGS.get(iv, 0);
        for (int i = 0; i < len; i += BLOCK) {
            chain = crypt((long) LONGS.get(in, inOff + i) ^ chain, enc);
            LONGS.set(out, outOff + i, chain);
        }
    }

    /** CBC decryption has no chain between block decryptions, so two blocks go through the rounds together. */
    @Override
    public void decrypt(byte[] iv, byte[] in, int inOff, int len, byte[] out, int outOff) {
        checkLength(len);
        long chain = (long) LONGS.get(iv, 0);
        long[] pair = new long[2];
        int i = 0;
        for (; i + 2 * BLOCK <= len; i += 2 * BLOCK) {
            long c0 = (long) LONGS.get(in, inOff + i);
            long c1 = (long) LONGS.get(in, inOff + i + BLOCK);
            crypt2(c0, dec, c1, dec, pair);
            LONGS.set(out, outOff + i, pair[0] ^ chain);
            LONGS.set(out, outOff + i + BLOCK, pair[1] ^ c0);
            chain = c1;
        }
        if (i < len) {
            long c = (long) LONGS.get(in, inOff + i);
            LONGS.set(out, outOff + i, crypt(c, dec) ^ chain);
        }
    }

    /**
     * Encrypts two independent CBC streams of equal length at once (two file chunks, say): the
     * rounds of both interleave, which keeps the CPU busy while each waits on its table lookups.
     */
    static void encryptPair(FastTripleDes a, byte[] ivA, byte[] inA, int inOffA, byte[] outA, int outOffA,
                            FastTripleDes b, byte[] ivB, byte[] inB, int inOffB, byte[] outB, int outOffB, int len) {
        checkLength(len);
        long chainA = (long) LONGS.get(ivA, 0);
        long chainB = (long) LONGS.get(ivB, 0);
        long[] pair = new long[2];
        for (int i = 0; i < len; i += BLOCK) {
            crypt2((long) LONGS.get(inA, inOffA + i) ^ chainA, a.enc, (long) LONGS.get(inB, inOffB + i) ^ chainB, b.enc, pair);
            chainA = pair[0];
            chainB = pair[1];
            LONGS.set(outA, outOffA + i, chainA);
            LONGS.set(outB, outOffB + i, chainB);
        }
    }

    private static void checkLength(int len) {
        if (len < 0 || len % BLOCK != 0) throw new IllegalArgumentException("length must be a multiple of 8");
    }

    /** IP, 48 rounds (three DES passes with the swap between them), FP. */
    private static long crypt(long block, int[] ks) {
        long x = permute(block, IP);
        int l = (int) (x >>> 32);
        int r = (int) x;
        int k = 0;
        for (int pass = 0; pass < 3; pass++) {
            for (int i = 0; i < 8; i++, k += 4) {
                l ^= f(r, ks[k], ks[k + 1]);
                r ^= f(l, ks[k + 2], ks[k + 3]);
            }
            int t = l;
            l = r;
            r = t;
        }
        return permute(((long) l << 32) | (r & 0xffffffffL), FP);
    }

    /** {@link #crypt} on two blocks with their own key schedules, interleaved; results in {@code out[0..1]}. */
    private static void crypt2(long blockA, int[] ka, long blockB, int[] kb, long[] out) {
        long xa = permute(blockA, IP);
        long xb = permute(blockB, IP);
        int la = (int) (xa >>> 32), ra = (int) xa;
        int lb = (int) (xb >>> 32), rb = (int) xb;
        int k = 0;
        for (int pass = 0; pass < 3; pass++) {
            for (int i = 0; i < 8; i++, k += 4) {
                la ^= f(ra, ka[k], ka[k + 1]);
                lb ^= f(rb, kb[k], kb[k + 1]);
                ra ^= f(la, ka[k + 2], ka[k + 3]);
                rb ^= f(lb, kb[k + 2], kb[k + 3]);
            }
            int t = la;
            la = ra;
            ra = t;
            t = lb;
            lb = rb;
            rb = t;
        }
        out[0] = permute(((long) la << 32) | (ra & 0xffffffffL), FP);
        out[1] = permute(((long) lb << 32) | (rb & 0xffffffffL), FP);
    }

    /** E expansion by rotation, key mixing, S-boxes and P in one go. */
    private static int f(int r, int evenKey, int oddKey) {
        int x = Integer.rotateLeft(r, 5) ^ evenKey;
        int y = Integer.rotateLeft(r, 9) ^ oddKey;
        return SP0[x & 63] ^ SP2[(x >>> 24) & 63] ^ SP4[(x >>> 16) & 63] ^ SP6[(x >>> 8) & 63]
                ^ SP1[y & 63] ^ SP3[(y >>> 24) & 63] ^ SP5[(y >>> 16) & 63] ^ SP7[(y >>> 8) & 63];
    }

    private static long permute(long x, long[] t) {
        return t[(int) (x >>> 56)] | t[256 + ((int) (x >>> 48) & 0xff)] | t[512 + ((int) (x >>> 40) & 0xff)]
                | t[768 + ((int) (x >>> 32) & 0xff)] | t[1024 + ((int) (x >>> 24) & 0xff)]
                | t[1280 + ((int) (x >>> 16) & 0xff)] | t[1536 + ((int) (x >>> 8) & 0xff)] | t[1792 + ((int) x & 0xff)];
    }

    private static long[] flatten(long[][] t) {
        long[] out = new long[2048];
        for (int b = 0; b < 8; b++) System.arraycopy(t[b], 0, out, 256 * b, 256);
        return out;
    }

    @Override
    public String toString() {
        return "FastTripleDes[key=<redacted>]";
    }
}
