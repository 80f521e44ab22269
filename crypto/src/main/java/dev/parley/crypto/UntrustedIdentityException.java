package dev.parley.crypto;

import dev.parley.crypto.identity.IdentityKey;

/**
 * The remote user's identity key differs from the one the identity store trusts. Nothing is
 * encrypted or decrypted until the application accepts the new key with
 * {@code IdentityStore.saveIdentity(user(), untrustedKey())}.
 */
public class UntrustedIdentityException extends CryptoException {
    private static final long serialVersionUID = 1L;
    private final String user;
    private final transient IdentityKey untrustedKey;

    public UntrustedIdentityException(String user, IdentityKey untrustedKey) {
        super("identity key of '" + user + "' has changed and is not trusted");
        this.user = user;
        this.untrustedKey = untrustedKey;
    }

    /** The remote user whose identity key changed. */
    public String user() {
        return user;
    }

    /** The new, not yet trusted identity key. */
    public IdentityKey untrustedKey() {
        return untrustedKey;
    }
}
