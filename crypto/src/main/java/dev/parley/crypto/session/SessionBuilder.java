package dev.parley.crypto.session;

import dev.parley.crypto.InvalidKeyException;
import dev.parley.crypto.UntrustedIdentityException;
import dev.parley.crypto.identity.IdentityKey;
import dev.parley.crypto.identity.IdentityKeyPair;
import dev.parley.crypto.internal.X25519KeyPair;
import dev.parley.crypto.internal.ratchet.Ratchet;
import dev.parley.crypto.internal.ratchet.SessionState;
import dev.parley.crypto.internal.ratchet.X3dh;
import dev.parley.crypto.prekey.OneTimePreKeyPublic;
import dev.parley.crypto.prekey.PreKeyBundle;
import dev.parley.crypto.store.ProtocolStore;
import java.security.SecureRandom;
import java.util.OptionalInt;

/**
 * Starts a session with a remote user from their prekey bundle (X3DH, initiator side), so the
 * first message can be sent while they are offline. The new session becomes current; an existing
 * one is archived.
 */
public final class SessionBuilder {
    private final ProtocolStore store;
    private final String remoteUser;
    private final SecureRandom random;

    public SessionBuilder(ProtocolStore store, String remoteUser) {
        this(store, remoteUser, new SecureRandom());
    }

    public SessionBuilder(ProtocolStore store, String remoteUser, SecureRandom random) {
        this.store = store;
        this.remoteUser = remoteUser;
        this.random = random;
    }

    public void process(PreKeyBundle bundle) throws InvalidKeyException, UntrustedIdentityException {
        IdentityKey them = bundle.identityKey();
        if (!bundle.signedPreKey().isSignedBy(them)) throw new InvalidKeyException("signed prekey signature is invalid");
        if (!store.identities().isTrusted(remoteUser, them)) throw new UntrustedIdentityException(remoteUser, them);
        IdentityKeyPair me = store.identities().localIdentity();
        byte[] spk = bundle.signedPreKey().publicKey();
        X25519KeyPair ephemeral = X25519KeyPair.generate(random);
        byte[] dh1 = me.agree(spk);
        byte[] dh2 = ephemeral.agree(them.agreementKey());
        byte[] dh3 = ephemeral.agree(spk);
        byte[] dh4 = bundle.oneTimePreKey().isPresent() ? ephemeral.agree(bundle.oneTimePreKey().get().publicKey()) : null;
        byte[] sk = X3dh.sharedSecret(me.publicKey(), them, dh1, dh2, dh3, dh4);
        OptionalInt otpId = bundle.oneTimePreKey().map(OneTimePreKeyPublic::id).map(OptionalInt::of).orElse(OptionalInt.empty());
        SessionState state = Ratchet.initiator(me.publicKey(), them, sk, ephemeral.publicKey(), spk,
                new SessionState.PendingPreKey(otpId, bundle.signedPreKey().id()), random);
        SessionRecord record = store.sessions().load(remoteUser).orElseGet(SessionRecord::new);
        record.promote(state);
        store.identities().saveIdentity(remoteUser, them);
        store.sessions().store(remoteUser, record);
    }
}
