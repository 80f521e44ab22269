package dev.parley.crypto.store;

import dev.parley.crypto.identity.IdentityKeyPair;

/** All five stores in memory, for tests and for clients that keep nothing on disk. */
public final class InMemoryProtocolStore implements ProtocolStore {
    private final InMemoryIdentityStore identities;
    private final InMemoryPreKeyStore preKeys = new InMemoryPreKeyStore();
    private final InMemorySignedPreKeyStore signedPreKeys = new InMemorySignedPreKeyStore();
    private final InMemorySessionStore sessions = new InMemorySessionStore();
    private final InMemorySenderKeyStore senderKeys = new InMemorySenderKeyStore();

    public InMemoryProtocolStore(IdentityKeyPair localIdentity) {
        this.identities = new InMemoryIdentityStore(localIdentity);
    }

    @Override
    public InMemoryIdentityStore identities() {
        return identities;
    }

    @Override
    public InMemoryPreKeyStore preKeys() {
        return preKeys;
    }

    @Override
    public InMemorySignedPreKeyStore signedPreKeys() {
        return signedPreKeys;
    }

    @Override
    public InMemorySessionStore sessions() {
        return sessions;
    }

    @Override
    public InMemorySenderKeyStore senderKeys() {
        return senderKeys;
    }
}
