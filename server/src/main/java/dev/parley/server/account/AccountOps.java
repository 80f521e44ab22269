package dev.parley.server.account;

import dev.parley.server.persist.Effects;
import dev.parley.server.persist.StoreOp;
import dev.parley.server.persist.WriteContext;
import dev.parley.server.protocol.Texts;
import dev.parley.server.routing.Attachment;
import dev.parley.server.state.Account;
import dev.parley.server.state.Connection;
import dev.parley.server.store.TokenStore.StoredSession;
import dev.parley.wire.ErrorCode;
import dev.parley.wire.KeyUpload;
import java.time.Duration;
import java.util.Optional;

/** The store operations behind sign-up, sign-in and resume; each ends in an {@link Attachment}. */
final class AccountOps {
    private AccountOps() {
    }

    static final class SignUpOp extends StoreOp {
        private final Connection connection;
        private final long requestId;
        private final String username;
        private final String passwordHash;
        private final KeyUpload keys;
        private final byte[] tokenHash;
        private final Attachment attachment;
        private Account account;
        private boolean taken;

        SignUpOp(Connection connection, long requestId, String username, String passwordHash, KeyUpload keys, byte[] tokenHash,
                 Attachment attachment) {
            this.connection = connection;
            this.requestId = requestId;
            this.username = username;
            this.passwordHash = passwordHash;
            this.keys = keys;
            this.tokenHash = tokenHash;
            this.attachment = attachment;
        }

        @Override
        protected void execute(WriteContext context) {
            long now = context.nowMillis();
            Optional<Long> id = context.stores().accounts().create(username, passwordHash, now);
            taken = id.isEmpty();
            if (taken) {
                return;
            }
            context.stores().keys().putIdentity(id.get(), keys.identityKey(), keys.signedPreKey());
            context.stores().keys().addOneTimePreKeys(id.get(), keys.oneTimePreKeys());
            context.stores().tokens().add(tokenHash, id.get(), now);
            account = new Account(id.get(), username, passwordHash, 0);
            account.oneTimePreKeys = keys.oneTimePreKeys().size();
            attachment.execute(context, account);
        }

        @Override
        protected void committed(WriteContext context, Effects effects) {
            if (taken) {
                effects.run(connection, () -> connection.authenticating = false);
                effects.fail(connection, requestId, ErrorCode.USERNAME_TAKEN, Texts.USERNAME_TAKEN);
                return;
            }
            context.directory().add(account);
            attachment.committed(context, effects);
        }

        @Override
        protected void failed(Effects effects, RuntimeException cause) {
            attachment.failed(effects);
        }
    }

    static final class SignInOp extends StoreOp {
        private final Account account;
        private final byte[] tokenHash;
        private final int maxSessions;
        private final Attachment attachment;

        SignInOp(Account account, byte[] tokenHash, int maxSessions, Attachment attachment) {
            this.account = account;
            this.tokenHash = tokenHash;
            this.maxSessions = maxSessions;
            this.attachment = attachment;
        }

        @Override
        protected void execute(WriteContext context) {
            context.stores().tokens().add(tokenHash, account.id(), context.nowMillis());
            context.stores().tokens().keepNewest(account.id(), maxSessions);
            attachment.execute(context, account);
        }

        @Override
        protected void committed(WriteContext context, Effects effects) {
            attachment.committed(context, effects);
        }

        @Override
        protected void failed(Effects effects, RuntimeException cause) {
            attachment.failed(effects);
        }
    }

    /** Resume: no password hashing at all, one indexed lookup; last-used is refreshed at most daily. */
    static final class ResumeOp extends StoreOp {
        private static final long REFRESH_MILLIS = Duration.ofDays(1).toMillis();

        private final Connection connection;
        private final long requestId;
        private final Account account;
        private final byte[] tokenHash;
        private final long lifetimeMillis;
        private final SignInThrottle throttle;
        private final Attachment attachment;
        private boolean invalid;

        ResumeOp(Connection connection, long requestId, Account account, byte[] tokenHash, long lifetimeMillis,
                 SignInThrottle throttle, Attachment attachment) {
            this.connection = connection;
            this.requestId = requestId;
            this.account = account;
            this.tokenHash = tokenHash;
            this.lifetimeMillis = lifetimeMillis;
            this.throttle = throttle;
            this.attachment = attachment;
        }

        @Override
        protected void execute(WriteContext context) {
            long now = context.nowMillis();
            Optional<StoredSession> session = context.stores().tokens().find(tokenHash);
            invalid = session.isEmpty() || session.get().userId() != account.id();
            if (!invalid && now - session.get().lastUsedMillis() > lifetimeMillis) {
                context.stores().tokens().remove(tokenHash);
                invalid = true;
            }
            if (invalid) {
                return;
            }
            if (now - session.get().lastUsedMillis() > REFRESH_MILLIS) {
                context.stores().tokens().touch(tokenHash, now);
            }
            attachment.execute(context, account);
        }

        @Override
        protected void committed(WriteContext context, Effects effects) {
            if (invalid) {
                throttle.failedFromAddress(connection.address());
                effects.run(connection, () -> connection.authenticating = false);
                effects.fail(connection, requestId, ErrorCode.SESSION_EXPIRED, Texts.SESSION_EXPIRED);
                return;
            }
            attachment.committed(context, effects);
        }

        @Override
        protected void failed(Effects effects, RuntimeException cause) {
            attachment.failed(effects);
        }
    }
}
