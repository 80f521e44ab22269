package dev.parley.crypto.internal.ratchet;

import dev.parley.crypto.internal.Hmac;

/**
 * A symmetric-ratchet chain key and the index of the next message key it yields:
 * message-key seed = HMAC(ck, 0x01), next ck = HMAC(ck, 0x02) (as in Signal's ChainKey).
 */
public record ChainKey(byte[] key, int index) {
    private static final byte[] MESSAGE_SEED = {0x01};
    private static final byte[] CHAIN_SEED = {0x02};

    public ChainKey {
        if (key.length != 32) throw new IllegalArgumentException("chain keys are 32 bytes");
        if (index < 0) throw new IllegalArgumentException("negative chain index");
    }

    public byte[] messageKeySeed() {
        return Hmac.mac(key, MESSAGE_SEED);
    }

    public ChainKey next() {
        if (index == Integer.MAX_VALUE) throw new IllegalStateException("chain exhausted");
        return new ChainKey(Hmac.mac(key, CHAIN_SEED), index + 1);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChainKey c && c.index == index && java.security.MessageDigest.isEqual(c.key, key);
    }

    @Override
    public int hashCode() {
        return index;
    }

    @Override
    public String toString() {
        return "ChainKey[index=" + index + ", key=<redacted>]";
    }
}
