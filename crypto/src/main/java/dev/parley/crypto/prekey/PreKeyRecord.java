package dev.parley.crypto.prekey;

import dev.parley.crypto.InvalidKeyException;
import dev.parley.crypto.internal.Bytes;
import dev.parley.crypto.internal.X25519KeyPair;

/**
 * A one-time prekey with its private half: {@code 0x01 ‖ id(4) ‖ private(32) ‖ public(32)} when
 * serialised. The public half goes to the server; the record is deleted once a session used it.
 */
public final class PreKeyRecord {
    private static final int VERSION = 1;
    private static final int LENGTH = 1 + 4 + 32 + 32;
    private final int id;
    private final X25519KeyPair keyPair;

    PreKeyRecord(int id, X25519KeyPair keyPair) {
        this.id = id;
        this.keyPair = keyPair;
    }

    public int id() {
        return id;
    }

    public byte[] publicKey() {
        return keyPair.publicKey();
    }

    /** X25519 with this prekey's private key (used by X3DH as DH4). */
    public byte[] agree(byte[] peerPublic) throws InvalidKeyException {
        return keyPair.agree(peerPublic);
    }

    public byte[] serialize() {
        return Bytes.concat(new byte[] {VERSION}, Bytes.int32(id), keyPair.privateKeyBytes(), keyPair.publicKey());
    }

    public static PreKeyRecord deserialize(byte[] bytes) throws InvalidKeyException {
        if (bytes == null || bytes.length != LENGTH) throw new InvalidKeyException("prekey record must be 69 bytes");
        if (bytes[0] != VERSION) throw new InvalidKeyException("unknown prekey record version " + bytes[0]);
        X25519KeyPair pair = X25519KeyPair.fromPrivate(Bytes.slice(bytes, 5, 32));
        if (!pair.samePublicKey(Bytes.slice(bytes, 37, 32))) throw new InvalidKeyException("prekey record is corrupt");
        return new PreKeyRecord(Bytes.readInt32(bytes, 1), pair);
    }

    @Override
    public String toString() {
        return "PreKeyRecord[id=" + id + ", private=<redacted>]";
    }
}
