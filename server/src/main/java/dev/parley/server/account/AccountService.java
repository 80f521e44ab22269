package dev.parley.server.account;

import dev.parley.server.keys.KeyChecks;
import dev.parley.server.limits.AddressBuckets;
import dev.parley.server.limits.Waits;
import dev.parley.server.persist.StoreOp;
import dev.parley.server.persist.StoreWriter;
import dev.parley.server.presence.PresenceService;
import dev.parley.server.protocol.Refusal;
import dev.parley.server.protocol.Texts;
import dev.parley.server.routing.Attachment;
import dev.parley.server.routing.Deliveries;
import dev.parley.server.routing.DetachOp;
import dev.parley.server.state.Account;
import dev.parley.server.state.Connection;
import dev.parley.server.state.Directory;
import dev.parley.wire.ErrorCode;
import dev.parley.wire.Resume;
import dev.parley.wire.SignIn;
import dev.parley.wire.SignUp;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sign-up, sign-in, resume and sign-out, called on the event loop. Password hashing runs on the
 * bounded password pool; everything that touches the database goes through the store writer.
 * Passwords and tokens are never logged.
 */
public final class AccountService {
    private static final Logger LOG = LoggerFactory.getLogger(AccountService.class);

    /** The account-level settings this service applies. */
    public record Policy(int minPasswordLength, long sessionLifetimeMillis, int maxSessionsPerUser, int keysLowThreshold) {
    }

    private final Policy policy;
    private final Directory directory;
    private final StoreWriter writer;
    private final ExecutorService passwordPool;
    private final PasswordHasher hasher;
    private final SessionTokens tokens;
    private final SignInThrottle throttle;
    private final AddressBuckets signUps;
    private final Deliveries deliveries;
    private final PresenceService presence;
    private final LongSupplier nanoTime;

    public AccountService(Policy policy, Directory directory, StoreWriter writer, ExecutorService passwordPool,
                          PasswordHasher hasher, SessionTokens tokens, SignInThrottle throttle, AddressBuckets signUps,
                          Deliveries deliveries, PresenceService presence, LongSupplier nanoTime) {
        this.policy = policy;
        this.directory = directory;
        this.writer = writer;
        this.passwordPool = passwordPool;
        this.hasher = hasher;
        this.tokens = tokens;
        this.throttle = throttle;
        this.signUps = signUps;
        this.deliveries = deliveries;
        this.presence = presence;
        this.nanoTime = nanoTime;
    }

    public void signUp(Connection connection, long requestId, SignUp request) {
        String username = Names.username(request.username());
        if (request.password().codePointCount(0, request.password().length()) < policy.minPasswordLength()) {
            throw new Refusal(ErrorCode.BAD_REQUEST, "passwords need at least " + policy.minPasswordLength() + " characters");
        }
        KeyChecks.check(request.keys(), true);
        if (directory.account(username) != null) {
            throw new Refusal(ErrorCode.USERNAME_TAKEN, Texts.USERNAME_TAKEN);
        }
        long wait = signUps.tryTake(connection.address());
        if (wait > 0) {
            throw new Refusal(ErrorCode.RATE_LIMITED, "too many new accounts from your address; try again in " + Waits.describe(wait));
        }
        connection.authenticating = true;
        onPasswordPool(connection, requestId, () -> {
            String hash = hasher.hash(request.password());
            byte[] token = tokens.newToken();
            byte[] tokenHash = SessionTokens.hash(token);
            submit(connection, requestId, new AccountOps.SignUpOp(connection, requestId, username, hash, request.keys(), tokenHash,
                    attachment(connection, requestId, token, tokenHash)));
            LOG.debug("event=sign_up user={} address={}", username, connection.address());
        });
    }

    public void signIn(Connection connection, long requestId, SignIn request) {
        String username = Names.canonical(request.username()).orElse(null);
        String throttleKey = username != null ? username : request.username().toLowerCase(Locale.ROOT);
        long wait = throttle.waitFor(throttleKey, connection.address());
        if (wait > 0) {
            throw new Refusal(ErrorCode.RATE_LIMITED, "too many failed sign-ins; try again in " + Waits.describe(wait));
        }
        connection.authenticating = true;
        onPasswordPool(connection, requestId, () -> {
            Account account = username == null ? null : directory.account(username);
            boolean valid;
            if (account == null) {
                hasher.verifyDummy(request.password());
                valid = false;
            } else {
                valid = hasher.verify(request.password(), account.passwordHash());
            }
            if (!valid) {
                throttle.failed(throttleKey, connection.address());
                LOG.debug("event=sign_in_failed address={}", connection.address());
                refuse(connection, requestId, ErrorCode.WRONG_CREDENTIALS, Texts.WRONG_CREDENTIALS);
                return;
            }
            throttle.succeeded(throttleKey);
            byte[] token = tokens.newToken();
            byte[] tokenHash = SessionTokens.hash(token);
            submit(connection, requestId, new AccountOps.SignInOp(account, tokenHash, policy.maxSessionsPerUser(),
                    attachment(connection, requestId, token, tokenHash)));
        });
    }

    /** Resume with a session token: no password hashing, so it is cheap enough for thousands per second. */
    public void resume(Connection connection, long requestId, Resume request) {
        long wait = throttle.waitFor("", connection.address());
        if (wait > 0) {
            throw new Refusal(ErrorCode.RATE_LIMITED, "too many failed sign-ins; try again in " + Waits.describe(wait));
        }
        Account account = Names.canonical(request.username()).map(directory::account).orElse(null);
        byte[] token = request.token();
        if (account == null || token.length != SessionTokens.TOKEN_BYTES) {
            throttle.failedFromAddress(connection.address());
            throw new Refusal(ErrorCode.SESSION_EXPIRED, Texts.SESSION_EXPIRED);
        }
        byte[] tokenHash = SessionTokens.hash(token);
        connection.authenticating = true;
        submit(connection, requestId, new AccountOps.ResumeOp(connection, requestId, account, tokenHash,
                policy.sessionLifetimeMillis(), throttle, attachment(connection, requestId, token, tokenHash)));
    }

    public void signOut(Connection connection, long requestId) {
        if (!writer.submit(DetachOp.signOut(directory, presence, connection, requestId, nanoTime))) {
            throw new Refusal(ErrorCode.UNAVAILABLE, Texts.BUSY);
        }
    }

    private Attachment attachment(Connection connection, long requestId, byte[] token, byte[] tokenHash) {
        return new Attachment(deliveries, presence, nanoTime, policy.keysLowThreshold(), connection, requestId, token, tokenHash);
    }

    private void submit(Connection connection, long requestId, StoreOp op) {
        if (!writer.submit(op)) {
            refuse(connection, requestId, ErrorCode.UNAVAILABLE, Texts.BUSY);
        }
    }

    private void onPasswordPool(Connection connection, long requestId, Runnable task) {
        try {
            passwordPool.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.error("event=password_task_failed", e);
                    refuse(connection, requestId, ErrorCode.INTERNAL, "the server failed; try again");
                }
            });
        } catch (RejectedExecutionException e) {
            connection.authenticating = false;
            throw new Refusal(ErrorCode.UNAVAILABLE, "the server is busy signing people in; try again in a few seconds");
        }
    }

    /** From any thread: clear the in-progress flag on the loop, then answer. */
    private static void refuse(Connection connection, long requestId, ErrorCode code, String sentence) {
        connection.loop().execute(() -> {
            connection.authenticating = false;
            connection.fail(requestId, code, sentence);
        });
    }
}
