package dev.parley.crypto.internal;

import dev.parley.crypto.InvalidMessageException;
import dev.parley.crypto.internal.des.TripleDesCbc;
import javax.crypto.Mac;

/**
 * Encrypt-then-MAC with three-key Triple DES in CBC mode and HMAC-SHA256, the one construction
 * every ciphertext of this module uses.
 *
 * <pre>
 *   ct  = 3DES-EDE3-CBC(encKey, iv, PKCS#7(plaintext))
 *   tag = HMAC-SHA256(macKey, header ‖ u32(len(ad)) ‖ ad ‖ iv ‖ ct)      (all 32 bytes)
 *   out = ct ‖ tag
 * </pre>
 *
 * Opening recomputes the tag and compares it with {@link java.security.MessageDigest#isEqual}
 * before a single block is decrypted. A plaintext is at most {@link #MAX_PLAINTEXT} bytes so one key
 * never encrypts more than 2^20 blocks (8 MiB), the NIST SP 800-67r2 limit, far below the 2^32-block
 * Sweet32 birthday bound.
 */
public final class CbcHmac {
    public static final int TAG = Hmac.TAG_LENGTH;
    public static final int BLOCK = TripleDesCbc.BLOCK;
    public static final int MAX_BLOCKS = 1 << 20;
    public static final int MAX_PLAINTEXT = MAX_BLOCKS * BLOCK - 1;

    private CbcHmac() {}

    /** Length of {@code ct ‖ tag} for a plaintext of {@code n} bytes. */
    public static int sealedLength(int n) {
        return paddedLength(n) + TAG;
    }

    public static int paddedLength(int n) {
        return (n / BLOCK + 1) * BLOCK;
    }

    public static byte[] seal(CipherKeys keys, byte[] header, byte[] ad, byte[] plaintext) {
        byte[] out = new byte[sealedLength(plaintext.length)];
        seal(TripleDesCbc.of(keys.encKey()), keys.macKey(), keys.iv(), header, ad, plaintext, 0, plaintext.length, out, 0);
        return out;
    }

    /** Writes {@code ct ‖ tag} ({@link #sealedLength}(len) bytes) into {@code out} at {@code outOff}. */
    public static void seal(TripleDesCbc des, byte[] macKey, byte[] iv, byte[] header, byte[] ad,
                            byte[] in, int off, int len, byte[] out, int outOff) {
        if (len > MAX_PLAINTEXT) throw new IllegalArgumentException("plaintext longer than " + MAX_PLAINTEXT + " bytes");
        int full = len - len % BLOCK;
        des.encrypt(iv, in, off, full, out, outOff);
        finish(new Job(des, macKey, iv, header, in, off, out, outOff), ad, len);
    }

    /** One of two seal operations run together by {@link #sealPair}. */
    public record Job(TripleDesCbc des, byte[] macKey, byte[] iv, byte[] header, byte[] in, int off, byte[] out, int outOff) {}

    /** Two seals of equal-length plaintexts with their own keys, the bulk of both encrypted interleaved. */
    public static void sealPair(Job a, Job b, byte[] ad, int len) {
        if (len > MAX_PLAINTEXT) throw new IllegalArgumentException("plaintext longer than " + MAX_PLAINTEXT + " bytes");
        int full = len - len % BLOCK;
        TripleDesCbc.encryptPair(a.des(), a.iv(), a.in(), a.off(), a.out(), a.outOff(),
                b.des(), b.iv(), b.in(), b.off(), b.out(), b.outOff(), full);
        finish(a, ad, len);
        finish(b, ad, len);
    }

    /** Pads and encrypts the final block (the first {@code len - len % 8} bytes are already encrypted), then appends the tag. */
    private static void finish(Job j, byte[] ad, int len) {
        int padded = paddedLength(len);
        int full = len - len % BLOCK;
        byte[] last = new byte[BLOCK];
        System.arraycopy(j.in(), j.off() + full, last, 0, len - full);
        java.util.Arrays.fill(last, len - full, BLOCK, (byte) (BLOCK - (len - full)));
        byte[] chain = full == 0 ? j.iv() : Bytes.slice(j.out(), j.outOff() + full - BLOCK, BLOCK);
        j.des().encrypt(chain, last, 0, BLOCK, j.out(), j.outOff() + full);
        Mac mac = authenticate(j.macKey(), j.header(), ad, j.iv(), j.out(), j.outOff(), padded);
        try {
            mac.doFinal(j.out(), j.outOff() + padded);
        } catch (javax.crypto.ShortBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] open(CipherKeys keys, byte[] header, byte[] ad, byte[] sealed) throws InvalidMessageException {
        return open(TripleDesCbc.of(keys.encKey()), keys.macKey(), keys.iv(), header, ad, sealed, 0, sealed.length);
    }

    /** Verifies the tag, then decrypts and unpads; any failure is the same {@link InvalidMessageException}. */
    public static byte[] open(TripleDesCbc des, byte[] macKey, byte[] iv, byte[] header, byte[] ad,
                              byte[] in, int off, int len) throws InvalidMessageException {
        int ctLen = len - TAG;
        if (ctLen < BLOCK || ctLen % BLOCK != 0 || ctLen / BLOCK > MAX_BLOCKS) throw invalid();
        byte[] expected = authenticate(macKey, header, ad, iv, in, off, ctLen).doFinal();
        byte[] tag = Bytes.slice(in, off + ctLen, TAG);
        if (!Bytes.equal(expected, tag)) throw invalid();
        byte[] padded = new byte[ctLen];
        des.decrypt(iv, in, off, ctLen, padded, 0);
        int pad = padded[ctLen - 1] & 0xff;
        if (pad < 1 || pad > BLOCK) throw invalid();
        for (int i = ctLen - pad; i < ctLen; i++) if ((padded[i] & 0xff) != pad) throw invalid();
        return Bytes.slice(padded, 0, ctLen - pad);
    }

    private static Mac authenticate(byte[] macKey, byte[] header, byte[] ad, byte[] iv, byte[] ct, int off, int len) {
        Mac mac = Hmac.keyed(macKey);
        mac.update(header);
        mac.update(Bytes.int32(ad.length));
        mac.update(ad);
        mac.update(iv);
        mac.update(ct, off, len);
        return mac;
    }

    private static InvalidMessageException invalid() {
        return new InvalidMessageException("message failed authentication");
    }
}
