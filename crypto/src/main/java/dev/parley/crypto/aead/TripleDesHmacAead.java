package dev.parley.crypto.aead;

import dev.parley.crypto.InvalidKeyException;
import dev.parley.crypto.InvalidMessageException;
import dev.parley.crypto.internal.ByteReader;
import dev.parley.crypto.internal.Bytes;
import dev.parley.crypto.internal.CbcHmac;
import dev.parley.crypto.internal.Hkdf;
import dev.parley.crypto.internal.des.DesKeys;
import dev.parley.crypto.internal.des.TripleDesCbc;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The module's {@link Aead}: three-key Triple DES in CBC mode with a fresh random IV per message,
 * PKCS#7 padding, then HMAC-SHA256 (full 32-byte tag) over {@code version ‖ u32(len(ad)) ‖ ad ‖ iv ‖ ct},
 * verified in constant time before decrypting. The encryption and MAC keys are separate HKDF-SHA256
 * outputs of one 32-byte key, under distinct labels.
 *
 * <p>Ciphertext: {@code 0x01 ‖ iv(8) ‖ ct(8n) ‖ tag(32)}. One instance encrypts at most
 * {@link #MAX_BLOCKS} blocks (8 MiB) in total and then refuses with {@link IllegalStateException}:
 * far below the 2^32 blocks where 64-bit-block birthday collisions (Sweet32) start to matter.
 */
public final class TripleDesHmacAead implements Aead {
    public static final int VERSION = 1;
    public static final int KEY_LENGTH = 32;
    public static final long MAX_BLOCKS = CbcHmac.MAX_BLOCKS;
    static final byte[] ENC_LABEL = Bytes.utf8("Parley aead 3des-ede3 key v1");
    static final byte[] MAC_LABEL = Bytes.utf8("Parley aead hmac-sha256 key v1");
    private static final byte[] HEADER = {VERSION};

    private final TripleDesCbc des;
    private final byte[] macKey;
    private final SecureRandom random;
    private final AtomicLong blocksUsed = new AtomicLong();

    private TripleDesHmacAead(TripleDesCbc des, byte[] macKey, SecureRandom random) {
        this.des = des;
        this.macKey = macKey;
        this.random = random;
    }

    /** An Aead keyed by a 32-byte secret (for example from {@link #generateKey}). */
    public static TripleDesHmacAead fromKey(byte[] key) throws InvalidKeyException {
        return fromKey(key, new SecureRandom());
    }

    public static TripleDesHmacAead fromKey(byte[] key, SecureRandom random) throws InvalidKeyException {
        if (key == null || key.length != KEY_LENGTH) throw new InvalidKeyException("Aead keys are 32 bytes");
        byte[] enc = Hkdf.derive(null, key, ENC_LABEL, TripleDesCbc.KEY_LENGTH);
        if (!DesKeys.isStrongThreeKey(enc)) throw new InvalidKeyException("key derives a weak Triple DES key; generate another");
        return new TripleDesHmacAead(TripleDesCbc.of(enc), Hkdf.derive(null, key, MAC_LABEL, 32), random);
    }

    public static byte[] generateKey(SecureRandom random) {
        byte[] k = new byte[KEY_LENGTH];
        random.nextBytes(k);
        return k;
    }

    @Override
    public byte[] encrypt(byte[] plaintext, byte[] associatedData) {
        long blocks = CbcHmac.paddedLength(plaintext.length) / CbcHmac.BLOCK;
        if (blocksUsed.addAndGet(blocks) > MAX_BLOCKS) {
            throw new IllegalStateException("this key has encrypted its limit of " + MAX_BLOCKS + " blocks; use a new key");
        }
        byte[] iv = new byte[CbcHmac.BLOCK];
        random.nextBytes(iv);
        byte[] out = new byte[1 + iv.length + CbcHmac.sealedLength(plaintext.length)];
        out[0] = VERSION;
        System.arraycopy(iv, 0, out, 1, iv.length);
        CbcHmac.seal(des, macKey, iv, HEADER, associatedData == null ? new byte[0] : associatedData, plaintext, 0, plaintext.length, out, 1 + iv.length);
        return out;
    }

    @Override
    public byte[] decrypt(byte[] ciphertext, byte[] associatedData) throws InvalidMessageException {
        ByteReader r = new ByteReader(ciphertext);
        if (r.u8() != VERSION) throw new InvalidMessageException("unknown ciphertext version");
        byte[] iv = r.bytes(CbcHmac.BLOCK);
        int off = r.position();
        return CbcHmac.open(des, macKey, iv, HEADER, associatedData == null ? new byte[0] : associatedData,
                ciphertext, off, ciphertext.length - off);
    }

    @Override
    public String toString() {
        return "TripleDesHmacAead[key=<redacted>]";
    }
}
