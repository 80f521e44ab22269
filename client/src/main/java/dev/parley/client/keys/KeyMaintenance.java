package dev.parley.client.keys;

import dev.parley.client.core.Context;
import dev.parley.client.store.AccountMeta;
import dev.parley.client.store.SqliteProtocolStore;
import dev.parley.crypto.identity.IdentityKeyPair;
import dev.parley.crypto.prekey.PreKeyRecord;
import dev.parley.crypto.prekey.PreKeys;
import dev.parley.crypto.prekey.SignedPreKeyRecord;
import dev.parley.wire.KeyUpload;
import dev.parley.wire.OneTimePreKey;
import dev.parley.wire.Ok;
import dev.parley.wire.PublishKeys;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The account's published keys: generated at sign-up, one-time prekeys replenished when the server
 * says the pool is low, and the signed prekey replaced once it is a week old (the previous two are
 * kept for messages still on their way).
 */
public final class KeyMaintenance {

    public static final int BATCH = 100;
    public static final int LOW_WATERMARK = 25;
    public static final Duration SIGNED_PREKEY_LIFETIME = Duration.ofDays(7);
    private static final int SIGNED_PREKEYS_KEPT = 3;
    private static final Logger log = LoggerFactory.getLogger(KeyMaintenance.class);

    /** Keys made for a new account before the server has accepted it. */
    public record SignUpKeys(IdentityKeyPair identity, SignedPreKeyRecord signedPreKey, List<PreKeyRecord> oneTimePreKeys) {

        public SignUpKeys {
            oneTimePreKeys = List.copyOf(oneTimePreKeys);
        }

        public KeyUpload upload() {
            return KeyMaintenance.upload(identity, signedPreKey, oneTimePreKeys);
        }

        /** Writes everything into the new account's store. */
        public void persist(SqliteProtocolStore store, AccountMeta meta) {
            store.identities().storeLocalIdentity(identity);
            store.signedPreKeys().store(signedPreKey);
            oneTimePreKeys.forEach(store.preKeys()::store);
            meta.putNumber(AccountMeta.SIGNED_PREKEY_ID, signedPreKey.id());
            meta.putNumber(AccountMeta.NEXT_PREKEY_ID, oneTimePreKeys.size() + 1L);
        }

        @Override
        public String toString() {
            return "SignUpKeys[" + identity.publicKey() + ", " + oneTimePreKeys.size() + " one-time prekeys]";
        }
    }

    public static SignUpKeys generate(Clock clock) {
        IdentityKeyPair identity = IdentityKeyPair.generate();
        SignedPreKeyRecord signed = PreKeys.generateSignedPreKey(identity, 1, clock.millis());
        return new SignUpKeys(identity, signed, PreKeys.generateOneTimePreKeys(1, BATCH));
    }

    static KeyUpload upload(IdentityKeyPair identity, SignedPreKeyRecord signed, List<PreKeyRecord> oneTime) {
        return new KeyUpload(identity.publicKey().serialize(), signed.publicBlob(),
                oneTime.stream().map(k -> new OneTimePreKey(k.id(), k.publicKey())).toList());
    }

    private final Context context;

    public KeyMaintenance(Context context) {
        this.context = context;
    }

    /**
     * Publishes fresh keys when the server's pool is below the watermark or the signed prekey is due
     * for rotation. Runs on the worker; failures are logged and retried at the next sign-in.
     */
    public void maintain(int oneTimePreKeysLeft) {
        SqliteProtocolStore store = context.account().crypto();
        AccountMeta meta = context.account().meta();
        boolean low = oneTimePreKeysLeft < LOW_WATERMARK;
        SignedPreKeyRecord current = currentSignedPreKey(store, meta);
        boolean stale = current == null
                || context.clock().millis() - current.createdAtMillis() > SIGNED_PREKEY_LIFETIME.toMillis();
        if (!low && !stale) {
            return;
        }
        IdentityKeyPair identity = store.identities().localIdentity();
        SignedPreKeyRecord signed = current;
        if (stale) {
            int nextId = current == null ? 1 : current.id() + 1;
            signed = PreKeys.generateSignedPreKey(identity, nextId, context.clock().millis());
        }
        List<PreKeyRecord> fresh = List.of();
        if (low) {
            int start = (int) meta.number(AccountMeta.NEXT_PREKEY_ID, 1);
            if (start <= 0 || start > Integer.MAX_VALUE - BATCH) {
                start = 1;
            }
            fresh = PreKeys.generateOneTimePreKeys(start, BATCH);
        }
        SignedPreKeyRecord newSigned = signed;
        List<PreKeyRecord> newOneTime = fresh;
        // keep the private halves first: a bundle fetched right after publishing must be usable
        context.account().db().inTransaction(() -> {
            newOneTime.forEach(store.preKeys()::store);
            store.signedPreKeys().store(newSigned);
            if (!newOneTime.isEmpty()) {
                meta.putNumber(AccountMeta.NEXT_PREKEY_ID, newOneTime.getLast().id() + 1L);
            }
            return null;
        });
        try {
            context.server().call(new PublishKeys(upload(identity, newSigned, newOneTime)), Ok.class);
            meta.putNumber(AccountMeta.SIGNED_PREKEY_ID, newSigned.id());
            pruneSignedPreKeys(store);
            log.info("published {} one-time prekeys{}", newOneTime.size(), stale ? " and a new signed prekey" : "");
        } catch (Exception e) {
            log.warn("publishing keys failed; will retry at the next sign-in: {}", e.toString());
        }
    }

    private static SignedPreKeyRecord currentSignedPreKey(SqliteProtocolStore store, AccountMeta meta) {
        long id = meta.number(AccountMeta.SIGNED_PREKEY_ID, -1);
        return id < 0 ? null : store.signedPreKeys().load((int) id).orElse(null);
    }

    private static void pruneSignedPreKeys(SqliteProtocolStore store) {
        List<SignedPreKeyRecord> all = store.signedPreKeys().all().stream()
                .sorted(Comparator.comparingLong(SignedPreKeyRecord::createdAtMillis).reversed())
                .toList();
        all.stream().skip(SIGNED_PREKEYS_KEPT).forEach(old -> store.signedPreKeys().remove(old.id()));
    }
}
