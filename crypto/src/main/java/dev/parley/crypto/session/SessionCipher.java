package dev.parley.crypto.session;

import dev.parley.crypto.DuplicateMessageException;
import dev.parley.crypto.InvalidKeyException;
import dev.parley.crypto.InvalidMessageException;
import dev.parley.crypto.NoSessionException;
import dev.parley.crypto.UntrustedIdentityException;
import dev.parley.crypto.internal.ratchet.Formats;
import dev.parley.crypto.internal.ratchet.PreKeyMessage;
import dev.parley.crypto.internal.ratchet.Ratchet;
import dev.parley.crypto.internal.ratchet.RatchetMessage;
import dev.parley.crypto.internal.ratchet.SessionState;
import dev.parley.crypto.store.ProtocolStore;
import java.security.SecureRandom;

/**
 * Encrypts to and decrypts from one remote user over the pairwise session. Each call loads the
 * session record from the store, works on that copy, and stores it back only on success, so a
 * rejected message never changes state. Not safe for concurrent use on the same remote user.
 *
 * <p>A ciphertext starts with {@code version(1) ‖ type(1)}: type 2 is a prekey message (the first
 * messages of a session, until the other side replies), type 1 an ordinary ratchet message.
 */
public final class SessionCipher {
    private final ProtocolStore store;
    private final String remoteUser;
    private final SecureRandom random;
    private final PreKeyMessageHandler preKeyHandler;

    public SessionCipher(ProtocolStore store, String remoteUser) {
        this(store, remoteUser, new SecureRandom());
    }

    public SessionCipher(ProtocolStore store, String remoteUser, SecureRandom random) {
        this.store = store;
        this.remoteUser = remoteUser;
        this.random = random;
        this.preKeyHandler = new PreKeyMessageHandler(store, remoteUser, random);
    }

    /**
     * Encrypts with the current session. Plaintexts may be up to 8 MiB - 1 bytes (one message key
     * encrypts at most 2^20 blocks). A session whose remote identity key is no longer the trusted
     * one (the application saved another key since) counts as no session: build a new one.
     */
    public byte[] encrypt(byte[] plaintext) throws NoSessionException, UntrustedIdentityException {
        SessionRecord record = store.sessions().load(remoteUser).orElseThrow(this::noSession);
        SessionState state = record.current();
        if (state == null || !trusted(state)) throw noSession();
        byte[] out = Ratchet.encrypt(state, plaintext);
        store.sessions().store(remoteUser, record);
        return out;
    }

    public byte[] decrypt(byte[] ciphertext) throws InvalidMessageException, DuplicateMessageException,
            NoSessionException, UntrustedIdentityException, InvalidKeyException {
        if (ciphertext == null || ciphertext.length < 2 || ciphertext[0] != Formats.VERSION) {
            throw new InvalidMessageException("not a message of a known version");
        }
        return switch (ciphertext[1]) {
            case Formats.TYPE_PREKEY_MESSAGE -> preKeyHandler.decrypt(PreKeyMessage.parse(ciphertext));
            case Formats.TYPE_MESSAGE -> decrypt(RatchetMessage.parse(ciphertext));
            default -> throw new InvalidMessageException("not a pairwise message");
        };
    }

    /**
     * Tries the current session, then each archived one, skipping sessions with an identity key that
     * is no longer trusted; the one that opens the message becomes current.
     */
    private byte[] decrypt(RatchetMessage message) throws InvalidMessageException, DuplicateMessageException,
            NoSessionException {
        SessionRecord loaded = store.sessions().load(remoteUser).orElseThrow(this::noSession);
        int count = loaded.states().size();
        boolean anyTrusted = false;
        for (int i = 0; i < count; i++) {
            SessionRecord record = i == 0 ? loaded : store.sessions().load(remoteUser).orElseThrow(this::noSession);
            SessionState state = record.states().get(i);
            if (!trusted(state)) continue;
            anyTrusted = true;
            try {
                byte[] plaintext = Ratchet.decrypt(state, message, random);
                record.promote(state);
                store.sessions().store(remoteUser, record);
                return plaintext;
            } catch (InvalidMessageException e) {
                // not this session; try the next
            }
        }
        if (!anyTrusted) throw noSession();
        throw new InvalidMessageException("message failed authentication");
    }

    /** True if there is a current session under the remote user's trusted identity key. */
    public boolean hasSession() {
        return store.sessions().load(remoteUser).map(SessionRecord::current).filter(this::trusted).isPresent();
    }

    /** True if the bytes claim to be a prekey message (one that may start a session). */
    public static boolean isPreKeyMessage(byte[] ciphertext) {
        return ciphertext != null && ciphertext.length >= 2 && ciphertext[0] == Formats.VERSION
                && ciphertext[1] == Formats.TYPE_PREKEY_MESSAGE;
    }

    private boolean trusted(SessionState state) {
        return store.identities().isTrusted(remoteUser, state.remoteIdentity());
    }

    private NoSessionException noSession() {
        return new NoSessionException("no session with '" + remoteUser + "' under their trusted identity key");
    }
}
