package dev.parley.crypto.testing;

import dev.parley.crypto.identity.IdentityKeyPair;
import dev.parley.crypto.prekey.PreKeyBundle;
import dev.parley.crypto.prekey.PreKeyRecord;
import dev.parley.crypto.prekey.PreKeys;
import dev.parley.crypto.prekey.SignedPreKeyRecord;
import dev.parley.crypto.session.SessionBuilder;
import dev.parley.crypto.session.SessionCipher;
import dev.parley.crypto.store.InMemoryProtocolStore;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A user in a conversation test: in-memory stores, a signed prekey and a pool of one-time prekeys,
 * and a stand-in for the server's copy of the public parts.
 */
public final class Party {
    public final String name;
    public final SecureRandom random;
    public final InMemoryProtocolStore store;
    private final Deque<PreKeyRecord> published = new ArrayDeque<>();
    private SignedPreKeyRecord signedPreKey;

    public Party(String name, long seed) {
        this.name = name;
        this.random = TestRandom.seeded(seed);
        this.store = new InMemoryProtocolStore(IdentityKeyPair.generate(random));
        rotateSignedPreKey(1);
        for (PreKeyRecord r : PreKeys.generateOneTimePreKeys(100, 5, random)) {
            store.preKeys().store(r);
            published.add(r);
        }
    }

    public void rotateSignedPreKey(int id) {
        signedPreKey = PreKeys.generateSignedPreKey(store.identities().localIdentity(), id, 1_700_000_000_000L, random);
        store.signedPreKeys().store(signedPreKey);
    }

    /** What the server would hand out: identity, signed prekey, and the next one-time prekey if any. */
    public PreKeyBundle bundle() throws Exception {
        PreKeyRecord otp = published.poll();
        return PreKeyBundle.of(store.identities().localIdentity().publicKey().serialize(), signedPreKey.publicBlob(),
                otp == null ? null : otp.id(), otp == null ? null : otp.publicKey());
    }

    public PreKeyBundle bundleWithoutOneTimePreKey() throws Exception {
        return PreKeyBundle.of(store.identities().localIdentity().publicKey().serialize(), signedPreKey.publicBlob(), null, null);
    }

    public void startSessionWith(Party other) throws Exception {
        new SessionBuilder(store, other.name, random).process(other.bundle());
    }

    public SessionCipher cipherFor(Party other) {
        return new SessionCipher(store, other.name, random);
    }

    public byte[] encryptTo(Party other, String text) throws Exception {
        return cipherFor(other).encrypt(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public String decryptFrom(Party other, byte[] ciphertext) throws Exception {
        return new String(cipherFor(other).decrypt(ciphertext), java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return name;
    }
}
