package dev.parley.crypto.aead;

import dev.parley.crypto.InvalidMessageException;

/**
 * Authenticated encryption with associated data. Callers never see IVs, modes, padding or tags.
 * {@code decrypt} returns the plaintext only if both the ciphertext and the associated data are
 * exactly those given to {@code encrypt}.
 */
public interface Aead {
    byte[] encrypt(byte[] plaintext, byte[] associatedData);

    byte[] decrypt(byte[] ciphertext, byte[] associatedData) throws InvalidMessageException;
}
