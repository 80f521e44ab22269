package dev.parley.server.blob;

import dev.parley.server.persist.Effects;
import dev.parley.server.persist.StoreOp;
import dev.parley.server.persist.WriteContext;
import dev.parley.server.state.Account;
import dev.parley.server.store.TokenStore.StoredSession;
import java.util.Optional;

/**
 * Checks an OpenBlobStream's session token on the store writer (the one thread that reads the
 * database): it must belong to the account and be within its lifetime. Unlike Resume it attaches
 * nothing: a file stream is not the user's chat session and never takes it over.
 */
final class BlobAuthOp extends StoreOp {
    interface Verdict {
        void decided(boolean valid);

        void unavailable();
    }

    private final Account account;
    private final byte[] tokenHash;
    private final long lifetimeMillis;
    private final dev.parley.server.state.Connection connection;
    private final Verdict verdict;
    private boolean valid;

    BlobAuthOp(dev.parley.server.state.Connection connection, Account account, byte[] tokenHash, long lifetimeMillis,
               Verdict verdict) {
        this.connection = connection;
        this.account = account;
        this.tokenHash = tokenHash;
        this.lifetimeMillis = lifetimeMillis;
        this.verdict = verdict;
    }

    @Override
    protected void execute(WriteContext context) {
        Optional<StoredSession> session = context.stores().tokens().find(tokenHash);
        valid = session.isPresent() && session.get().userId() == account.id()
                && context.nowMillis() - session.get().lastUsedMillis() <= lifetimeMillis;
    }

    @Override
    protected void committed(WriteContext context, Effects effects) {
        boolean decision = valid;
        effects.run(connection, () -> verdict.decided(decision));
    }

    @Override
    protected void failed(Effects effects, RuntimeException cause) {
        effects.run(connection, verdict::unavailable);
    }
}
