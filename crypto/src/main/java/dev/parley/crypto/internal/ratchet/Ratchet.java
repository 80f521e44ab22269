package dev.parley.crypto.internal.ratchet;

import dev.parley.crypto.DuplicateMessageException;
import dev.parley.crypto.InvalidKeyException;
import dev.parley.crypto.InvalidMessageException;
import dev.parley.crypto.identity.IdentityKey;
import dev.parley.crypto.internal.Bytes;
import dev.parley.crypto.internal.CbcHmac;
import dev.parley.crypto.internal.X25519KeyPair;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The Double Ratchet (Signal's specification, section 3) over a {@link SessionState}: session
 * start for both roles, encrypt, and decrypt with out-of-order delivery. Decrypt mutates the state
 * it is given even when it fails; callers pass a copy and keep it only on success.
 */
public final class Ratchet {
    /** At most this many message keys are skipped within one chain for one incoming message. */
    public static final int MAX_SKIP = 1000;

    private Ratchet() {}

    /** Initiator (Alice): root key from X3DH, first sending chain from DH(new ratchet key, their signed prekey). */
    public static SessionState initiator(IdentityKey local, IdentityKey remote, byte[] sharedSecret, byte[] baseKey,
                                         byte[] theirSignedPreKey, SessionState.PendingPreKey pending,
                                         SecureRandom random) throws InvalidKeyException {
        SessionState s = new SessionState(local, remote, baseKey);
        s.remoteRatchet = theirSignedPreKey.clone();
        s.sendingRatchet = X25519KeyPair.generate(random);
        RatchetKdf.RootStep step = RatchetKdf.rootStep(sharedSecret, s.sendingRatchet.agree(theirSignedPreKey));
        s.rootKey = step.rootKey();
        s.sendingChain = step.chainKey();
        s.pending = pending;
        s.origin = pending;
        return s;
    }

    /**
     * Responder (Bob), on the first message: the signed prekey acts as our first ratchet key, so
     * {@code dhSignedPreKey = DH(SPK, their ratchet key)} gives the receiving chain, then a fresh
     * ratchet key gives the sending chain.
     */
    public static SessionState responder(IdentityKey local, IdentityKey remote, byte[] sharedSecret, byte[] baseKey,
                                         SessionState.PendingPreKey origin, byte[] theirRatchetKey,
                                         byte[] dhSignedPreKey, SecureRandom random) throws InvalidMessageException {
        SessionState s = new SessionState(local, remote, baseKey);
        s.origin = origin;
        RatchetKdf.RootStep receive = RatchetKdf.rootStep(sharedSecret, dhSignedPreKey);
        s.remoteRatchet = theirRatchetKey.clone();
        s.receivingChain = receive.chainKey();
        s.sendingRatchet = X25519KeyPair.generate(random);
        RatchetKdf.RootStep send = RatchetKdf.rootStep(receive.rootKey(), agree(s.sendingRatchet, theirRatchetKey));
        s.rootKey = send.rootKey();
        s.sendingChain = send.chainKey();
        return s;
    }

    /** Encrypts with the next sending message key; returns a ratchet message, wrapped as a prekey message while one is pending. */
    public static byte[] encrypt(SessionState s, byte[] plaintext) {
        byte[] header = RatchetMessage.header(s.sendingRatchet.publicKey(), s.sendingChain.index(), s.previousCounter);
        byte[] body = CbcHmac.seal(RatchetKdf.messageKeys(s.sendingChain.messageKeySeed()), header,
                associatedData(s.localIdentity, s.remoteIdentity), plaintext);
        s.sendingChain = s.sendingChain.next();
        byte[] message = Bytes.concat(header, body);
        if (s.pending == null) return message;
        return new PreKeyMessage(s.pending.oneTimePreKeyId(), s.pending.signedPreKeyId(), s.baseKey, s.localIdentity,
                message).serialize();
    }

    public static byte[] decrypt(SessionState s, RatchetMessage m, SecureRandom random)
            throws InvalidMessageException, DuplicateMessageException {
        byte[] seed;
        if (s.receivingChain != null && Arrays.equals(m.ratchetKey(), s.remoteRatchet)) {
            seed = fromReceivingChain(s, m);
        } else if ((seed = s.skipped.take(m.ratchetKey(), m.counter())) != null) {
            // a late message of an earlier chain
        } else if (s.isPreviousRemote(m.ratchetKey())) {
            throw new DuplicateMessageException("message was already received");
        } else {
            if (s.receivingChain != null) skipUntil(s, m.previousCounter());
            dhRatchetStep(s, m.ratchetKey(), random);
            seed = fromReceivingChain(s, m);
        }
        byte[] plaintext = CbcHmac.open(RatchetKdf.messageKeys(seed), m.header(),
                associatedData(s.remoteIdentity, s.localIdentity), m.body());
        s.pending = null;
        return plaintext;
    }

    private static byte[] fromReceivingChain(SessionState s, RatchetMessage m)
            throws InvalidMessageException, DuplicateMessageException {
        if (m.counter() < s.receivingChain.index()) {
            byte[] seed = s.skipped.take(m.ratchetKey(), m.counter());
            if (seed == null) throw new DuplicateMessageException("message was already received");
            return seed;
        }
        skipUntil(s, m.counter());
        byte[] seed = s.receivingChain.messageKeySeed();
        s.receivingChain = s.receivingChain.next();
        return seed;
    }

    /** Stores the keys of the current receiving chain up to (not including) {@code counter}. */
    private static void skipUntil(SessionState s, int counter) throws InvalidMessageException {
        ChainKey chain = s.receivingChain;
        if ((long) counter - chain.index() > MAX_SKIP) throw new InvalidMessageException("message is too far ahead");
        while (chain.index() < counter) {
            s.skipped.put(s.remoteRatchet, chain.index(), chain.messageKeySeed());
            chain = chain.next();
        }
        s.receivingChain = chain;
    }

    private static void dhRatchetStep(SessionState s, byte[] theirNewKey, SecureRandom random) throws InvalidMessageException {
        s.rememberPreviousRemote(s.remoteRatchet);
        s.previousCounter = s.sendingChain.index();
        s.remoteRatchet = theirNewKey.clone();
        RatchetKdf.RootStep receive = RatchetKdf.rootStep(s.rootKey, agree(s.sendingRatchet, theirNewKey));
        s.receivingChain = receive.chainKey();
        s.sendingRatchet = X25519KeyPair.generate(random);
        RatchetKdf.RootStep send = RatchetKdf.rootStep(receive.rootKey(), agree(s.sendingRatchet, theirNewKey));
        s.rootKey = send.rootKey();
        s.sendingChain = send.chainKey();
    }

    private static byte[] agree(X25519KeyPair ours, byte[] theirs) throws InvalidMessageException {
        try {
            return ours.agree(theirs);
        } catch (InvalidKeyException e) {
            throw new InvalidMessageException("message failed authentication");
        }
    }

    /** Sender's identity ‖ receiver's identity, bound into every tag. */
    static byte[] associatedData(IdentityKey sender, IdentityKey receiver) {
        return Bytes.concat(sender.serialize(), receiver.serialize());
    }
}
