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
import java.util.Optional;

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

    /** Plaintexts may be up to 8 MiB - 1 bytes (one message key encrypts at most 2^20 blocks). */
    public byte[] encrypt(byte[] plaintext) throws NoSessionException, UntrustedIdentityException {
        SessionRecord record = store.sessions().load(remoteUser).filter(r -> !r.isEmpty())
                .orElseThrow(() -> new NoSessionException("no session with '" + remoteUser + "'"));
        SessionState state = record.current();
        requireTrusted(state);
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

    /** Tries the current session, then each archived one; the one that opens the message becomes current. */
    private byte[] decrypt(RatchetMessage message) throws InvalidMessageException, DuplicateMessageException,
            NoSessionException, UntrustedIdentityException {
        Optional<SessionRecord> loaded = store.sessions().load(remoteUser);
        if (loaded.isEmpty() || loaded.get().isEmpty()) throw new NoSessionException("no session with '" + remoteUser + "'");
        int count = loaded.get().states().size();
        for (int i = 0; i < count; i++) {
            SessionRecord record = i == 0 ? loaded.get() : store.sessions().load(remoteUser).orElseThrow();
            SessionState state = record.states().get(i);
            byte[] plaintext;
            try {
                plaintext = Ratchet.decrypt(state, message, random);
            } catch (InvalidMessageException e) {
                continue;
            }
            requireTrusted(state);
            record.promote(state);
            store.sessions().store(remoteUser, record);
            return plaintext;
        }
        throw new InvalidMessageException("message failed authentication");
    }

    public boolean hasSession() {
        return store.sessions().load(remoteUser).map(r -> !r.isEmpty()).orElse(false);
    }

    /** True if the bytes claim to be a prekey message (one that may start a session). */
    public static boolean isPreKeyMessage(byte[] ciphertext) {
        return ciphertext != null && ciphertext.length >= 2 && ciphertext[0] == Formats.VERSION
                && ciphertext[1] == Formats.TYPE_PREKEY_MESSAGE;
    }

    private void requireTrusted(SessionState state) throws UntrustedIdentityException {
        if (!store.identities().isTrusted(remoteUser, state.remoteIdentity())) {
            throw new UntrustedIdentityException(remoteUser, state.remoteIdentity());
        }
    }
}
