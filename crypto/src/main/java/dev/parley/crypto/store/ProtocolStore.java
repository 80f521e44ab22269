package dev.parley.crypto.store;

/**
 * The five stores a client needs, bundled. It is a holder rather than one interface extending the
 * five because {@link PreKeyStore} and {@link SignedPreKeyStore} both have {@code load(int)}.
 * Disk-backed clients implement the five ports and bundle them with {@link #of}.
 */
public interface ProtocolStore {
    IdentityStore identities();

    PreKeyStore preKeys();

    SignedPreKeyStore signedPreKeys();

    SessionStore sessions();

    SenderKeyStore senderKeys();

    static ProtocolStore of(IdentityStore identities, PreKeyStore preKeys, SignedPreKeyStore signedPreKeys,
                            SessionStore sessions, SenderKeyStore senderKeys) {
        return new Bundle(identities, preKeys, signedPreKeys, sessions, senderKeys);
    }

    /** The plain holder behind {@link #of}. */
    record Bundle(IdentityStore identities, PreKeyStore preKeys, SignedPreKeyStore signedPreKeys,
                  SessionStore sessions, SenderKeyStore senderKeys) implements ProtocolStore {
        public Bundle {
            if (identities == null || preKeys == null || signedPreKeys == null || sessions == null || senderKeys == null) {
                throw new IllegalArgumentException("all five stores are required");
            }
        }
    }
}
