package dev.parley.crypto.store;

import dev.parley.crypto.identity.IdentityKey;
import dev.parley.crypto.identity.IdentityKeyPair;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Trust-on-first-use identity store in memory. */
public final class InMemoryIdentityStore implements IdentityStore {
    private final IdentityKeyPair local;
    private final Map<String, IdentityKey> known = new ConcurrentHashMap<>();

    public InMemoryIdentityStore(IdentityKeyPair local) {
        this.local = local;
    }

    @Override
    public IdentityKeyPair localIdentity() {
        return local;
    }

    @Override
    public boolean isTrusted(String user, IdentityKey key) {
        IdentityKey saved = known.get(user);
        return saved == null || saved.equals(key);
    }

    @Override
    public boolean saveIdentity(String user, IdentityKey key) {
        IdentityKey previous = known.put(user, key);
        return previous != null && !previous.equals(key);
    }

    @Override
    public Optional<IdentityKey> identity(String user) {
        return Optional.ofNullable(known.get(user));
    }
}
