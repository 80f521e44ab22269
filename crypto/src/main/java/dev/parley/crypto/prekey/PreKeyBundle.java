package dev.parley.crypto.prekey;

import dev.parley.crypto.InvalidKeyException;
import dev.parley.crypto.identity.IdentityKey;
import java.util.Optional;

/**
 * What a client fetches from the server to start a session with someone offline: their identity
 * key, their signed prekey and, while the pool lasts, one of their one-time prekeys.
 * {@link #of} verifies the signed prekey's signature; {@code SessionBuilder} verifies it again.
 */
public record PreKeyBundle(IdentityKey identityKey, SignedPreKeyPublic signedPreKey,
                           Optional<OneTimePreKeyPublic> oneTimePreKey) {
    public PreKeyBundle {
        if (identityKey == null || signedPreKey == null || oneTimePreKey == null) {
            throw new IllegalArgumentException("bundle parts must not be null");
        }
    }

    /**
     * Builds a bundle from the bytes the server hands out.
     *
     * @param identityKeyBytes {@link IdentityKey#serialize()} of the remote user
     * @param signedPreKeyBlob {@link SignedPreKeyRecord#publicBlob()} of the remote user
     * @param oneTimePreKeyIdOrNull id of the one-time prekey, or null if the pool was empty
     * @param oneTimePreKeyPublicOrNull its 32-byte public key, or null (both null or neither)
     * @throws InvalidKeyException if anything is malformed or the signature does not verify
     */
    public static PreKeyBundle of(byte[] identityKeyBytes, byte[] signedPreKeyBlob, Integer oneTimePreKeyIdOrNull,
                                  byte[] oneTimePreKeyPublicOrNull) throws InvalidKeyException {
        IdentityKey identity = IdentityKey.deserialize(identityKeyBytes);
        SignedPreKeyPublic spk = SignedPreKeyPublic.parse(signedPreKeyBlob, identity);
        if ((oneTimePreKeyIdOrNull == null) != (oneTimePreKeyPublicOrNull == null)) {
            throw new InvalidKeyException("one-time prekey id and key must come together");
        }
        if (oneTimePreKeyPublicOrNull != null && oneTimePreKeyPublicOrNull.length != 32) {
            throw new InvalidKeyException("one-time prekey must be 32 bytes");
        }
        Optional<OneTimePreKeyPublic> otp = oneTimePreKeyIdOrNull == null ? Optional.empty()
                : Optional.of(new OneTimePreKeyPublic(oneTimePreKeyIdOrNull, oneTimePreKeyPublicOrNull));
        return new PreKeyBundle(identity, spk, otp);
    }
}
