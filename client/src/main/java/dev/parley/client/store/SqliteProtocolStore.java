package dev.parley.client.store;

import dev.parley.crypto.CryptoException;
import dev.parley.crypto.identity.IdentityKey;
import dev.parley.crypto.identity.IdentityKeyPair;
import dev.parley.crypto.prekey.PreKeyRecord;
import dev.parley.crypto.prekey.SignedPreKeyRecord;
import dev.parley.crypto.group.SenderKeyRecord;
import dev.parley.crypto.session.SessionRecord;
import dev.parley.crypto.store.IdentityStore;
import dev.parley.crypto.store.PreKeyStore;
import dev.parley.crypto.store.ProtocolStore;
import dev.parley.crypto.store.SenderKeyStore;
import dev.parley.crypto.store.SessionStore;
import dev.parley.crypto.store.SignedPreKeyStore;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The crypto module's five store ports on the account's SQLite file. Every record is stored in the
 * crypto module's own serialization; user and group names are keyed in lower case.
 */
public final class SqliteProtocolStore implements ProtocolStore {

    private final Identities identities;
    private final PreKeys preKeys;
    private final SignedPreKeys signedPreKeys;
    private final Sessions sessions;
    private final SenderKeys senderKeys;

    /**
     * @param onIdentityReplaced told the user whose saved identity key was replaced by a different one
     */
    public SqliteProtocolStore(ClientDatabase db, Clock clock, Consumer<String> onIdentityReplaced) {
        this.identities = new Identities(db, clock, onIdentityReplaced);
        this.preKeys = new PreKeys(db);
        this.signedPreKeys = new SignedPreKeys(db);
        this.sessions = new Sessions(db);
        this.senderKeys = new SenderKeys(db);
    }

    @Override
    public Identities identities() {
        return identities;
    }

    @Override
    public PreKeyStore preKeys() {
        return preKeys;
    }

    @Override
    public SignedPreKeyStore signedPreKeys() {
        return signedPreKeys;
    }

    @Override
    public SessionStore sessions() {
        return sessions;
    }

    @Override
    public SenderKeyStore senderKeys() {
        return senderKeys;
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private static StoreException damaged(String what, CryptoException e) {
        return new StoreException("the client store holds a damaged " + what, e);
    }

    /** Our identity key pair (in the meta table) and the identity keys of everyone we talked to. */
    public static final class Identities implements IdentityStore {

        private final ClientDatabase db;
        private final Clock clock;
        private final Consumer<String> onReplaced;

        Identities(ClientDatabase db, Clock clock, Consumer<String> onReplaced) {
            this.db = db;
            this.clock = clock;
            this.onReplaced = onReplaced;
        }

        /** Stores the account's own identity; done once, at sign-up. */
        public void storeLocalIdentity(IdentityKeyPair identity) {
            new AccountMeta(db).putBytes(AccountMeta.IDENTITY, identity.serializeForLocalStorage());
        }

        public boolean hasLocalIdentity() {
            return new AccountMeta(db).bytes(AccountMeta.IDENTITY).isPresent();
        }

        @Override
        public IdentityKeyPair localIdentity() {
            byte[] stored = new AccountMeta(db).bytes(AccountMeta.IDENTITY)
                    .orElseThrow(() -> new StoreException("this account has no identity key on this device", null));
            try {
                return IdentityKeyPair.deserializeFromLocalStorage(stored);
            } catch (CryptoException e) {
                throw damaged("identity key", e);
            }
        }

        @Override
        public boolean isTrusted(String user, IdentityKey key) {
            return identity(user).map(saved -> saved.equals(key)).orElse(true);
        }

        @Override
        public boolean saveIdentity(String user, IdentityKey key) {
            boolean replaced = db.inTransaction(() -> {
                Optional<IdentityKey> saved = identity(user);
                if (saved.isPresent() && saved.get().equals(key)) {
                    return false;
                }
                if (saved.isEmpty()) {
                    db.update("INSERT INTO identities (user, identity_key, first_seen) VALUES (?, ?, ?)",
                            key(user), key.serialize(), clock.millis());
                    return false;
                }
                db.update("UPDATE identities SET identity_key = ?, changed_at = ? WHERE user = ?",
                        key.serialize(), clock.millis(), key(user));
                return true;
            });
            if (replaced) {
                onReplaced.accept(user);
            }
            return replaced;
        }

        @Override
        public Optional<IdentityKey> identity(String user) {
            return db.queryOne("SELECT identity_key FROM identities WHERE user = ?", row -> row.getBytes(1), key(user))
                    .map(bytes -> {
                        try {
                            return IdentityKey.deserialize(bytes);
                        } catch (CryptoException e) {
                            throw damaged("identity key of " + user, e);
                        }
                    });
        }
    }

    static final class PreKeys implements PreKeyStore {

        private final ClientDatabase db;

        PreKeys(ClientDatabase db) {
            this.db = db;
        }

        @Override
        public Optional<PreKeyRecord> load(int id) {
            return db.queryOne("SELECT record FROM prekeys WHERE id = ?", row -> row.getBytes(1), id).map(bytes -> {
                try {
                    return PreKeyRecord.deserialize(bytes);
                } catch (CryptoException e) {
                    throw damaged("one-time prekey", e);
                }
            });
        }

        @Override
        public void store(PreKeyRecord record) {
            db.update("INSERT INTO prekeys (id, record) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET record = excluded.record",
                    record.id(), record.serialize());
        }

        @Override
        public void remove(int id) {
            db.update("DELETE FROM prekeys WHERE id = ?", id);
        }

        @Override
        public int count() {
            return db.queryOne("SELECT COUNT(*) FROM prekeys", row -> row.getInt(1)).orElse(0);
        }
    }

    static final class SignedPreKeys implements SignedPreKeyStore {

        private final ClientDatabase db;

        SignedPreKeys(ClientDatabase db) {
            this.db = db;
        }

        @Override
        public Optional<SignedPreKeyRecord> load(int id) {
            return db.queryOne("SELECT record FROM signed_prekeys WHERE id = ?", row -> row.getBytes(1), id)
                    .map(SignedPreKeys::parse);
        }

        @Override
        public void store(SignedPreKeyRecord record) {
            db.update("INSERT INTO signed_prekeys (id, record, created_at) VALUES (?, ?, ?)"
                            + " ON CONFLICT(id) DO UPDATE SET record = excluded.record",
                    record.id(), record.serialize(), record.createdAtMillis());
        }

        @Override
        public void remove(int id) {
            db.update("DELETE FROM signed_prekeys WHERE id = ?", id);
        }

        @Override
        public List<SignedPreKeyRecord> all() {
            return db.query("SELECT record FROM signed_prekeys ORDER BY id", row -> row.getBytes(1)).stream()
                    .map(SignedPreKeys::parse)
                    .toList();
        }

        private static SignedPreKeyRecord parse(byte[] bytes) {
            try {
                return SignedPreKeyRecord.deserialize(bytes);
            } catch (CryptoException e) {
                throw damaged("signed prekey", e);
            }
        }
    }

    static final class Sessions implements SessionStore {

        private final ClientDatabase db;

        Sessions(ClientDatabase db) {
            this.db = db;
        }

        @Override
        public Optional<SessionRecord> load(String user) {
            return db.queryOne("SELECT record FROM sessions WHERE user = ?", row -> row.getBytes(1), key(user))
                    .map(bytes -> {
                        try {
                            return SessionRecord.deserialize(bytes);
                        } catch (CryptoException e) {
                            throw damaged("session with " + user, e);
                        }
                    });
        }

        @Override
        public void store(String user, SessionRecord record) {
            db.update("INSERT INTO sessions (user, record) VALUES (?, ?) ON CONFLICT(user) DO UPDATE SET record = excluded.record",
                    key(user), record.serialize());
        }

        @Override
        public void delete(String user) {
            db.update("DELETE FROM sessions WHERE user = ?", key(user));
        }
    }

    static final class SenderKeys implements SenderKeyStore {

        private final ClientDatabase db;

        SenderKeys(ClientDatabase db) {
            this.db = db;
        }

        @Override
        public Optional<SenderKeyRecord> load(String groupId, String sender) {
            return db.queryOne("SELECT record FROM sender_keys WHERE group_key = ? AND sender = ?",
                    row -> row.getBytes(1), key(groupId), key(sender)).map(bytes -> {
                        try {
                            return SenderKeyRecord.deserialize(bytes);
                        } catch (CryptoException e) {
                            throw damaged("sender key of " + sender, e);
                        }
                    });
        }

        @Override
        public void store(String groupId, String sender, SenderKeyRecord record) {
            db.update("INSERT INTO sender_keys (group_key, sender, record) VALUES (?, ?, ?)"
                            + " ON CONFLICT(group_key, sender) DO UPDATE SET record = excluded.record",
                    key(groupId), key(sender), record.serialize());
        }

        @Override
        public void delete(String groupId, String sender) {
            db.update("DELETE FROM sender_keys WHERE group_key = ? AND sender = ?", key(groupId), key(sender));
        }

        /** Forgets every sender key of a group (we left it). */
        void deleteGroup(String groupId) {
            db.update("DELETE FROM sender_keys WHERE group_key = ?", key(groupId));
        }
    }

    /** Forgets every sender key of a group, ours included (we left it). */
    public void forgetGroupKeys(String groupId) {
        senderKeys.deleteGroup(groupId);
    }
}
