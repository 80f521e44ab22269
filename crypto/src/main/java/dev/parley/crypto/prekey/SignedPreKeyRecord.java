package dev.parley.crypto.prekey;

import dev.parley.crypto.InvalidKeyException;
import dev.parley.crypto.internal.Bytes;
import dev.parley.crypto.internal.X25519KeyPair;

/**
 * A medium-term signed prekey with its private half. Serialised as
 * {@code 0x01 ‖ id(4) ‖ createdAt(8) ‖ private(32) ‖ public(32) ‖ signature(64)}; its
 * {@link #publicBlob()} is what the server stores and hands out, opaque to it.
 */
public final class SignedPreKeyRecord {
    private static final int VERSION = 1;
    private static final int LENGTH = 1 + 4 + 8 + 32 + 32 + 64;
    private final int id;
    private final long createdAtMillis;
    private final X25519KeyPair keyPair;
    private final byte[] signature;

    SignedPreKeyRecord(int id, long createdAtMillis, X25519KeyPair keyPair, byte[] signature) {
        this.id = id;
        this.createdAtMillis = createdAtMillis;
        this.keyPair = keyPair;
        this.signature = signature.clone();
    }

    public int id() {
        return id;
    }

    public long createdAtMillis() {
        return createdAtMillis;
    }

    public byte[] publicKey() {
        return keyPair.publicKey();
    }

    public byte[] signature() {
        return signature.clone();
    }

    /** X25519 with this prekey's private key (DH1 and DH3 of X3DH, and the first ratchet step). */
    public byte[] agree(byte[] peerPublic) throws InvalidKeyException {
        return keyPair.agree(peerPublic);
    }

    /** {@code 0x01 ‖ id(4) ‖ public(32) ‖ signature(64)}: see {@link SignedPreKeyPublic}. */
    public byte[] publicBlob() {
        return new SignedPreKeyPublic(id, keyPair.publicKey(), signature).serialize();
    }

    public byte[] serialize() {
        return Bytes.concat(new byte[] {VERSION}, Bytes.int32(id), Bytes.int64(createdAtMillis),
                keyPair.privateKeyBytes(), keyPair.publicKey(), signature);
    }

    public static SignedPreKeyRecord deserialize(byte[] bytes) throws InvalidKeyException {
        if (bytes == null || bytes.length != LENGTH) throw new InvalidKeyException("signed prekey record must be 141 bytes");
        if (bytes[0] != VERSION) throw new InvalidKeyException("unknown signed prekey record version " + bytes[0]);
        long created = ((long) Bytes.readInt32(bytes, 5) << 32) | (Bytes.readInt32(bytes, 9) & 0xffffffffL);
        X25519KeyPair pair = X25519KeyPair.fromPrivate(Bytes.slice(bytes, 13, 32));
        if (!pair.samePublicKey(Bytes.slice(bytes, 45, 32))) throw new InvalidKeyException("signed prekey record is corrupt");
        return new SignedPreKeyRecord(Bytes.readInt32(bytes, 1), created, pair, Bytes.slice(bytes, 77, 64));
    }

    @Override
    public String toString() {
        return "SignedPreKeyRecord[id=" + id + ", createdAt=" + createdAtMillis + ", private=<redacted>]";
    }
}
