package dev.parley.crypto.internal.ratchet;

import dev.parley.crypto.InvalidKeyException;
import dev.parley.crypto.InvalidMessageException;
import dev.parley.crypto.identity.IdentityKey;
import dev.parley.crypto.internal.ByteReader;
import dev.parley.crypto.internal.ByteWriter;
import java.util.OptionalInt;

/**
 * The first messages of a session, until the initiator hears back: everything the responder needs
 * to run X3DH, then an ordinary {@link RatchetMessage}:
 * {@code version ‖ type=2 ‖ flags(1) ‖ [oneTimePreKeyId(4) if flags=1] ‖ signedPreKeyId(4) ‖
 * baseKey(32) ‖ initiatorIdentity(65) ‖ ratchetMessage}. None of these fields is trusted on its
 * own: a changed one yields other keys and the inner message fails authentication.
 */
public record PreKeyMessage(OptionalInt oneTimePreKeyId, int signedPreKeyId, byte[] baseKey, IdentityKey identityKey,
                            byte[] message) {

    public byte[] serialize() {
        ByteWriter w = new ByteWriter(128 + message.length).u8(Formats.VERSION).u8(Formats.TYPE_PREKEY_MESSAGE);
        w.u8(oneTimePreKeyId.isPresent() ? 1 : 0);
        if (oneTimePreKeyId.isPresent()) w.i32(oneTimePreKeyId.getAsInt());
        return w.i32(signedPreKeyId).bytes(baseKey).bytes(identityKey.serialize()).bytes(message).toByteArray();
    }

    public static PreKeyMessage parse(byte[] bytes) throws InvalidMessageException {
        ByteReader r = new ByteReader(bytes);
        if (r.u8() != Formats.VERSION) throw new InvalidMessageException("unknown message version");
        if (r.u8() != Formats.TYPE_PREKEY_MESSAGE) throw new InvalidMessageException("not a prekey message");
        OptionalInt otp = r.bool() ? OptionalInt.of(r.i32()) : OptionalInt.empty();
        int spk = r.i32();
        byte[] baseKey = r.bytes(32);
        IdentityKey identity;
        try {
            identity = IdentityKey.deserialize(r.bytes(IdentityKey.SERIALIZED_LENGTH));
        } catch (InvalidKeyException e) {
            throw new InvalidMessageException("prekey message carries a malformed identity key", e);
        }
        byte[] inner = r.rest();
        if (inner.length < RatchetMessage.MIN_LENGTH) throw new InvalidMessageException("message too short");
        return new PreKeyMessage(otp, spk, baseKey, identity, inner);
    }

    @Override
    public String toString() {
        return "PreKeyMessage[signedPreKey=" + signedPreKeyId + ", oneTimePreKey=" + oneTimePreKeyId + "]";
    }
}
