package dev.parley.crypto.internal.group;

import dev.parley.crypto.InvalidMessageException;
import dev.parley.crypto.internal.ByteReader;
import dev.parley.crypto.internal.ByteWriter;
import dev.parley.crypto.internal.Ed25519;
import dev.parley.crypto.internal.ratchet.Formats;

/**
 * A sender-key distribution message, sent to each member over the pairwise sessions:
 * {@code version ‖ type=4 ‖ groupId(u16 len ‖ utf8) ‖ sender(u16 len ‖ utf8) ‖ keyId(4) ‖
 * iteration(4) ‖ chainKey(32) ‖ signingKey(32)}. It carries the chain key at its current
 * iteration, so the receiver can read only messages from that point on.
 */
public record DistributionMessage(String groupId, String sender, int keyId, int iteration, byte[] chainKey,
                                  byte[] signingKey) {
    public static final int MAX_NAME_BYTES = 1024;

    public byte[] serialize() {
        return new ByteWriter(128).u8(Formats.VERSION).u8(Formats.TYPE_SENDER_KEY_DISTRIBUTION).shortString(groupId)
                .shortString(sender).i32(keyId).i32(iteration).bytes(chainKey).bytes(signingKey).toByteArray();
    }

    public static DistributionMessage parse(byte[] bytes) throws InvalidMessageException {
        ByteReader r = new ByteReader(bytes);
        if (r.u8() != Formats.VERSION) throw new InvalidMessageException("unknown message version");
        if (r.u8() != Formats.TYPE_SENDER_KEY_DISTRIBUTION) throw new InvalidMessageException("not a sender key distribution message");
        var d = new DistributionMessage(r.shortString(MAX_NAME_BYTES), r.shortString(MAX_NAME_BYTES), r.i32(), r.u31(),
                r.bytes(32), r.bytes(32));
        r.expectEnd();
        if (!Ed25519.isValidPublicKey(d.signingKey)) throw new InvalidMessageException("sender key has a malformed signing key");
        return d;
    }

    @Override
    public String toString() {
        return "DistributionMessage[group=" + groupId + ", sender=" + sender + ", keyId=" + keyId + ", <keys redacted>]";
    }
}
