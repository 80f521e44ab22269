package dev.parley.crypto.prekey;

import java.util.Arrays;

/** The public half of a one-time prekey as published: its id and 32-byte X25519 key. */
public record OneTimePreKeyPublic(int id, byte[] publicKey) {
    public OneTimePreKeyPublic {
        if (publicKey == null || publicKey.length != 32) throw new IllegalArgumentException("prekey must be 32 bytes");
        publicKey = publicKey.clone();
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OneTimePreKeyPublic p && p.id == id && Arrays.equals(p.publicKey, publicKey);
    }

    @Override
    public int hashCode() {
        return 31 * id + Arrays.hashCode(publicKey);
    }

    @Override
    public String toString() {
        return "OneTimePreKeyPublic[id=" + id + "]";
    }
}
