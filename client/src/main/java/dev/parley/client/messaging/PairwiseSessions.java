package dev.parley.client.messaging;

import dev.parley.client.connection.ServerErrorException;
import dev.parley.client.core.Context;
import dev.parley.crypto.CryptoException;
import dev.parley.crypto.UntrustedIdentityException;
import dev.parley.crypto.prekey.PreKeyBundle;
import dev.parley.crypto.session.SessionBuilder;
import dev.parley.crypto.session.SessionCipher;
import dev.parley.wire.Bundle;
import dev.parley.wire.FetchBundle;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pairwise sessions: starts one from the server's prekey bundle when there is none, and encrypts.
 * A changed identity key is accepted with a warning (Signal's policy): the new key is saved, a
 * {@code SafetyNumberChanged} event goes out, and the operation is retried once.
 */
public final class PairwiseSessions {

    private static final Logger log = LoggerFactory.getLogger(PairwiseSessions.class);

    private final Context context;

    public PairwiseSessions(Context context) {
        this.context = context;
    }

    public boolean hasSession(String user) {
        return new SessionCipher(context.account().crypto(), id(user)).hasSession();
    }

    /**
     * Makes sure a session with user exists, fetching their bundle from the server if needed.
     *
     * @throws ServerErrorException when the server refuses (no such user)
     * @throws IOException when the server cannot be reached
     * @throws CryptoException when the bundle is not acceptable
     */
    public void ensureSession(String user) throws ServerErrorException, IOException, CryptoException {
        if (hasSession(user)) {
            return;
        }
        Bundle bundle = context.server().call(new FetchBundle(user), Bundle.class);
        PreKeyBundle preKeys = PreKeyBundle.of(bundle.identityKey(), bundle.signedPreKey(),
                bundle.hasOneTimePreKey() ? bundle.oneTimePreKey().id() : null,
                bundle.hasOneTimePreKey() ? bundle.oneTimePreKey().publicKey() : null);
        SessionBuilder builder = new SessionBuilder(context.account().crypto(), id(user));
        try {
            builder.process(preKeys);
        } catch (UntrustedIdentityException e) {
            acceptNewIdentity(e);
            builder.process(preKeys);
        }
        log.info("started a session with {}", user);
    }

    /** Encrypts with the existing session; the caller commits the store in the same transaction. */
    public byte[] encrypt(String user, byte[] plaintext) throws CryptoException {
        SessionCipher cipher = new SessionCipher(context.account().crypto(), id(user));
        try {
            return cipher.encrypt(plaintext);
        } catch (UntrustedIdentityException e) {
            acceptNewIdentity(e);
            return cipher.encrypt(plaintext);
        }
    }

    /** Users are named to the crypto module in lower case, so both ends bind the same names. */
    public static String id(String user) {
        return user.toLowerCase(java.util.Locale.ROOT);
    }

    /** Saves the changed key; the identity store announces the change as an event. */
    void acceptNewIdentity(UntrustedIdentityException e) {
        log.warn("identity key of {} changed; accepting the new key", e.user());
        context.account().crypto().identities().saveIdentity(e.user(), e.untrustedKey());
    }
}
