package dev.parley.crypto.prekey;

import dev.parley.crypto.InvalidKeyException;
import dev.parley.crypto.identity.IdentityKey;
import dev.parley.crypto.internal.Bytes;
import java.util.Arrays;

/**
 * The public half of a signed prekey as published: {@code 0x01 ‖ id(4) ‖ public(32) ‖ signature(64)}.
 * The signature is Ed25519 by the owner's identity signing key over
 * {@code "Parley signed prekey v1" ‖ id(4) ‖ public(32)}, so neither key nor id can be swapped.
 */
public record SignedPreKeyPublic(int id, byte[] publicKey, byte[] signature) {
    public static final int BLOB_LENGTH = 1 + 4 + 32 + 64;
    private static final int VERSION = 1;
    private static final byte[] LABEL = Bytes.utf8("Parley signed prekey v1");

    public SignedPreKeyPublic {
        if (publicKey == null || publicKey.length != 32) throw new IllegalArgumentException("prekey must be 32 bytes");
        if (signature == null || signature.length != 64) throw new IllegalArgumentException("signature must be 64 bytes");
        publicKey = publicKey.clone();
        signature = signature.clone();
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    static byte[] signedMessage(int id, byte[] publicKey) {
        return Bytes.concat(LABEL, Bytes.int32(id), publicKey);
    }

    public boolean isSignedBy(IdentityKey identity) {
        return identity.verify(signedMessage(id, publicKey), signature);
    }

    public byte[] serialize() {
        return Bytes.concat(new byte[] {VERSION}, Bytes.int32(id), publicKey, signature);
    }

    /** Parses a blob and checks its signature against {@code identity}. */
    public static SignedPreKeyPublic parse(byte[] blob, IdentityKey identity) throws InvalidKeyException {
        if (blob == null || blob.length != BLOB_LENGTH) throw new InvalidKeyException("signed prekey blob must be 101 bytes");
        if (blob[0] != VERSION) throw new InvalidKeyException("unknown signed prekey blob version " + blob[0]);
        var spk = new SignedPreKeyPublic(Bytes.readInt32(blob, 1), Bytes.slice(blob, 5, 32), Bytes.slice(blob, 37, 64));
        if (!spk.isSignedBy(identity)) throw new InvalidKeyException("signed prekey signature is invalid");
        return spk;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignedPreKeyPublic s && s.id == id && Arrays.equals(s.publicKey, publicKey)
                && Arrays.equals(s.signature, signature);
    }

    @Override
    public int hashCode() {
        return 31 * id + Arrays.hashCode(publicKey);
    }

    @Override
    public String toString() {
        return "SignedPreKeyPublic[id=" + id + "]";
    }
}
