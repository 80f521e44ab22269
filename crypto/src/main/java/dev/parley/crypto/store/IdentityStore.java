package dev.parley.crypto.store;

import dev.parley.crypto.identity.IdentityKey;
import dev.parley.crypto.identity.IdentityKeyPair;
import java.util.Optional;

/**
 * The local identity and the identity keys of other users, trusted on first use. A key that differs
 * from the saved one for the same user is not trusted; sessions then throw
 * {@code UntrustedIdentityException} until the application calls {@link #saveIdentity} with it.
 */
public interface IdentityStore {
    IdentityKeyPair localIdentity();

    /** True if no key is saved for {@code user} yet (first use) or the saved key equals {@code key}. */
    boolean isTrusted(String user, IdentityKey key);

    /** Saves (and so trusts) {@code key} for {@code user}; returns true if it replaced a different key. */
    boolean saveIdentity(String user, IdentityKey key);

    Optional<IdentityKey> identity(String user);
}
