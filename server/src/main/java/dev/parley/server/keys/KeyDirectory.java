package dev.parley.server.keys;

import dev.parley.server.account.Names;
import dev.parley.server.limits.Waits;
import dev.parley.server.persist.Effects;
import dev.parley.server.persist.StoreOp;
import dev.parley.server.persist.StoreWriter;
import dev.parley.server.persist.WriteContext;
import dev.parley.server.protocol.Refusal;
import dev.parley.server.protocol.Texts;
import dev.parley.server.state.Account;
import dev.parley.server.state.Connection;
import dev.parley.server.state.Directory;
import dev.parley.server.store.KeyStore.StoredKeys;
import dev.parley.wire.Bundle;
import dev.parley.wire.ErrorCode;
import dev.parley.wire.FetchBundle;
import dev.parley.wire.KeysLow;
import dev.parley.wire.Ok;
import dev.parley.wire.OneTimePreKey;
import dev.parley.wire.PublishKeys;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The public key directory. PublishKeys replaces the signed prekey and adds one-time prekeys (the
 * identity key must stay the same); FetchBundle hands out a bundle and consumes the oldest one-time
 * prekey in the same transaction, so two fetchers never get the same one. Fetches are rate-limited
 * per requester so nobody can drain a pool quickly; the owner hears KeysLow when the pool runs low.
 */
public final class KeyDirectory {
    /** The key-related limits. */
    public record Policy(int maxOneTimePreKeys, int keysLowThreshold, int fetchesPerSecond, int fetchBurst) {
    }

    private final Policy policy;
    private final Directory directory;
    private final StoreWriter writer;
    private final LongSupplier nanoTime;

    public KeyDirectory(Policy policy, Directory directory, StoreWriter writer, LongSupplier nanoTime) {
        this.policy = policy;
        this.directory = directory;
        this.writer = writer;
        this.nanoTime = nanoTime;
    }

    public void publish(Connection connection, long requestId, PublishKeys request) {
        KeyChecks.check(request.keys(), false);
        submit(new PublishOp(connection, requestId, connection.account(), request));
    }

    public void fetch(Connection connection, long requestId, FetchBundle request) {
        Account target = Names.canonical(request.username()).map(directory::account).orElse(null);
        if (target == null) {
            throw new Refusal(ErrorCode.UNKNOWN_USER, Texts.unknownUser(request.username()));
        }
        long now = nanoTime.getAsLong();
        long wait = connection.account().bundleBucket(policy.fetchBurst(), policy.fetchesPerSecond(), now).tryTake(now);
        if (wait > 0) {
            throw new Refusal(ErrorCode.RATE_LIMITED, "too many key bundle requests; try again in " + Waits.describe(wait));
        }
        submit(new FetchOp(connection, requestId, target));
    }

    private void submit(StoreOp op) {
        if (!writer.submit(op)) {
            throw new Refusal(ErrorCode.UNAVAILABLE, Texts.BUSY);
        }
    }

    private final class PublishOp extends StoreOp {
        private final Connection connection;
        private final long requestId;
        private final Account account;
        private final PublishKeys request;
        private Refusal refusal;

        PublishOp(Connection connection, long requestId, Account account, PublishKeys request) {
            this.connection = connection;
            this.requestId = requestId;
            this.account = account;
            this.request = request;
        }

        @Override
        protected void execute(WriteContext context) {
            refusal = null;
            Optional<StoredKeys> stored = context.stores().keys().keys(account.id());
            if (stored.isEmpty() || !Arrays.equals(stored.get().identityKey(), request.keys().identityKey())) {
                refusal = new Refusal(ErrorCode.INVALID_KEYS, Texts.INVALID_KEYS);
                return;
            }
            Set<Integer> newIds = new HashSet<>();
            for (OneTimePreKey key : request.keys().oneTimePreKeys()) {
                newIds.add(key.id());
            }
            if (account.oneTimePreKeys + newIds.size() > policy.maxOneTimePreKeys()) {
                refusal = new Refusal(ErrorCode.LIMIT_REACHED, "the server keeps at most " + policy.maxOneTimePreKeys()
                        + " one-time prekeys per user and has " + account.oneTimePreKeys + " of yours");
                return;
            }
            if (request.keys().signedPreKey().length > 0) {
                context.stores().keys().setSignedPreKey(account.id(), request.keys().signedPreKey());
            }
            context.stores().keys().addOneTimePreKeys(account.id(), request.keys().oneTimePreKeys());
            account.oneTimePreKeys = context.stores().keys().countOneTimePreKeys(account.id());
        }

        @Override
        protected void committed(WriteContext context, Effects effects) {
            if (refusal != null) {
                effects.fail(connection, requestId, refusal.code(), refusal.sentence());
            } else {
                effects.reply(connection, requestId, new Ok());
            }
        }

        @Override
        protected void failed(Effects effects, RuntimeException cause) {
            effects.fail(connection, requestId, ErrorCode.UNAVAILABLE, Texts.STORE_UNAVAILABLE);
        }
    }

    private final class FetchOp extends StoreOp {
        private final Connection connection;
        private final long requestId;
        private final Account target;
        private Bundle bundle;
        private int left;

        FetchOp(Connection connection, long requestId, Account target) {
            this.connection = connection;
            this.requestId = requestId;
            this.target = target;
        }

        @Override
        protected void execute(WriteContext context) {
            bundle = null;
            Optional<StoredKeys> keys = context.stores().keys().keys(target.id());
            if (keys.isEmpty()) {
                return;
            }
            Optional<OneTimePreKey> oneTime = context.stores().keys().takeOneTimePreKey(target.id());
            if (oneTime.isPresent()) {
                target.oneTimePreKeys--;
            }
            left = target.oneTimePreKeys;
            bundle = new Bundle(target.name(), keys.get().identityKey(), keys.get().signedPreKey(), oneTime.isPresent(),
                    oneTime.orElseGet(() -> new OneTimePreKey(0, new byte[0])));
        }

        @Override
        protected void committed(WriteContext context, Effects effects) {
            if (bundle == null) {
                effects.fail(connection, requestId, ErrorCode.UNKNOWN_USER, Texts.unknownUser(target.name()));
                return;
            }
            effects.reply(connection, requestId, bundle);
            Connection owner = target.connection();
            if (left < policy.keysLowThreshold() && owner != null) {
                effects.push(owner, new KeysLow(left));
            }
        }

        @Override
        protected void failed(Effects effects, RuntimeException cause) {
            effects.fail(connection, requestId, ErrorCode.UNAVAILABLE, Texts.STORE_UNAVAILABLE);
        }
    }
}
