package dev.parley.crypto.session;

import dev.parley.crypto.DuplicateMessageException;
import dev.parley.crypto.InvalidKeyException;
import dev.parley.crypto.InvalidMessageException;
import dev.parley.crypto.UntrustedIdentityException;
import dev.parley.crypto.identity.IdentityKey;
import dev.parley.crypto.identity.IdentityKeyPair;
import dev.parley.crypto.internal.ratchet.PreKeyMessage;
import dev.parley.crypto.internal.ratchet.Ratchet;
import dev.parley.crypto.internal.ratchet.RatchetMessage;
import dev.parley.crypto.internal.ratchet.SessionState;
import dev.parley.crypto.internal.ratchet.X3dh;
import dev.parley.crypto.prekey.PreKeyRecord;
import dev.parley.crypto.prekey.SignedPreKeyRecord;
import dev.parley.crypto.store.ProtocolStore;
import java.security.SecureRandom;

/**
 * Responder side of X3DH: a prekey message either belongs to a session already built from the same
 * X3DH run (same base key: a later first-flight message, or a replay, caught as a duplicate by the
 * ratchet) or starts a new one. The one-time prekey is deleted only after the message decrypted.
 */
final class PreKeyMessageHandler {
    private final ProtocolStore store;
    private final String remoteUser;
    private final SecureRandom random;

    PreKeyMessageHandler(ProtocolStore store, String remoteUser, SecureRandom random) {
        this.store = store;
        this.remoteUser = remoteUser;
        this.random = random;
    }

    byte[] decrypt(PreKeyMessage m) throws InvalidMessageException, DuplicateMessageException,
            UntrustedIdentityException, InvalidKeyException {
        IdentityKey them = m.identityKey();
        if (!store.identities().isTrusted(remoteUser, them)) throw new UntrustedIdentityException(remoteUser, them);
        RatchetMessage inner = RatchetMessage.parse(m.message());
        SessionRecord record = store.sessions().load(remoteUser).orElseGet(SessionRecord::new);
        int existing = record.indexOfBaseKey(m.baseKey());
        if (existing >= 0) {
            SessionState state = record.states().get(existing);
            if (!state.remoteIdentity().equals(them) || !state.builtFrom(m.oneTimePreKeyId(), m.signedPreKeyId())) throw new InvalidMessageException("message failed authentication");
            byte[] plaintext = Ratchet.decrypt(state, inner, random);
            record.promote(state);
            store.sessions().store(remoteUser, record);
            return plaintext;
        }
        SignedPreKeyRecord spk = store.signedPreKeys().load(m.signedPreKeyId())
                .orElseThrow(() -> new InvalidKeyException("no signed prekey with id " + m.signedPreKeyId()));
        PreKeyRecord otp = null;
        if (m.oneTimePreKeyId().isPresent()) {
            int id = m.oneTimePreKeyId().getAsInt();
            otp = store.preKeys().load(id).orElseThrow(() -> new InvalidKeyException("no one-time prekey with id " + id));
        }
        SessionState state = respond(m, inner, spk, otp);
        byte[] plaintext = Ratchet.decrypt(state, inner, random);
        record.promote(state);
        if (otp != null) store.preKeys().remove(otp.id());
        store.identities().saveIdentity(remoteUser, them);
        store.sessions().store(remoteUser, record);
        return plaintext;
    }

    private SessionState respond(PreKeyMessage m, RatchetMessage inner, SignedPreKeyRecord spk, PreKeyRecord otp)
            throws InvalidMessageException {
        IdentityKeyPair me = store.identities().localIdentity();
        try {
            byte[] dh1 = spk.agree(m.identityKey().agreementKey());
            byte[] dh2 = me.agree(m.baseKey());
            byte[] dh3 = spk.agree(m.baseKey());
            byte[] dh4 = otp == null ? null : otp.agree(m.baseKey());
            byte[] sk = X3dh.sharedSecret(m.identityKey(), me.publicKey(), dh1, dh2, dh3, dh4);
            var origin = new SessionState.PendingPreKey(m.oneTimePreKeyId(), m.signedPreKeyId());
            return Ratchet.responder(me.publicKey(), m.identityKey(), sk, m.baseKey(), origin, inner.ratchetKey(),
                    spk.agree(inner.ratchetKey()), random);
        } catch (InvalidKeyException e) {
            throw new InvalidMessageException("message failed authentication");
        }
    }
}
