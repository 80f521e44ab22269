package dev.parley.crypto.file;

import dev.parley.crypto.InvalidMessageException;
import dev.parley.crypto.internal.Bytes;
import dev.parley.crypto.internal.CbcHmac;
import dev.parley.crypto.internal.CipherKeys;
import dev.parley.crypto.internal.des.TripleDesCbc;

/**
 * One chunk: keys = HKDF(fileKey, info = "Parley file chunk v1" ‖ index(8)) → 3DES key ‖ HMAC key ‖ IV,
 * then {@link CbcHmac} with header {@code version ‖ index(8) ‖ last(1)}, so a chunk moved to another
 * position, or a middle chunk presented as the last, fails its MAC.
 */
final class ChunkCipher {
    private static final byte[] LABEL = Bytes.utf8("Parley file chunk v1");
    private static final byte[] NO_AD = new byte[0];

    private ChunkCipher() {}

    static CipherKeys keys(FileKey key, long index) {
        return CipherKeys.derive(key.secret(), Bytes.concat(LABEL, Bytes.int64(index)));
    }

    static byte[] header(long index, boolean last) {
        return Bytes.concat(FileFormat.header(), Bytes.int64(index), new byte[] {(byte) (last ? 1 : 0)});
    }

    static byte[] seal(FileKey key, long index, boolean last, byte[] in, int off, int len) {
        if (len > FileFormat.CHUNK_SIZE || (!last && len != FileFormat.CHUNK_SIZE)) {
            throw new IllegalArgumentException("only the last chunk may be shorter than CHUNK_SIZE");
        }
        CipherKeys k = keys(key, index);
        byte[] out = new byte[FileFormat.encryptedChunkLength(len)];
        CbcHmac.seal(TripleDesCbc.of(k.encKey()), k.macKey(), k.iv(), header(index, last), NO_AD, in, off, len, out, 0);
        return out;
    }

    /** Seals chunks {@code index} and {@code index + 1}, both full and not last, together; returns both, in order. */
    static byte[] sealPair(FileKey key, long index, byte[] first, byte[] second) {
        if (first.length != FileFormat.CHUNK_SIZE || second.length != FileFormat.CHUNK_SIZE) {
            throw new IllegalArgumentException("only full chunks are sealed in pairs");
        }
        CipherKeys ka = keys(key, index);
        CipherKeys kb = keys(key, index + 1);
        byte[] out = new byte[2 * FileFormat.ENCRYPTED_CHUNK_SIZE];
        CbcHmac.sealPair(
                new CbcHmac.Job(TripleDesCbc.of(ka.encKey()), ka.macKey(), ka.iv(), header(index, false), first, 0, out, 0),
                new CbcHmac.Job(TripleDesCbc.of(kb.encKey()), kb.macKey(), kb.iv(), header(index + 1, false), second, 0, out,
                        FileFormat.ENCRYPTED_CHUNK_SIZE),
                NO_AD, FileFormat.CHUNK_SIZE);
        return out;
    }

    static byte[] open(FileKey key, long index, boolean last, byte[] in, int off, int len) throws InvalidMessageException {
        if (len > FileFormat.ENCRYPTED_CHUNK_SIZE || (!last && len != FileFormat.ENCRYPTED_CHUNK_SIZE)) {
            throw new InvalidMessageException("encrypted chunk has the wrong length");
        }
        CipherKeys k = keys(key, index);
        return CbcHmac.open(TripleDesCbc.of(k.encKey()), k.macKey(), k.iv(), header(index, last), NO_AD, in, off, len);
    }
}
