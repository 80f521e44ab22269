package dev.parley.client.store;

/** Creates and upgrades the client store's tables; the version lives in {@code PRAGMA user_version}. */
final class Schema {

    static final int VERSION = 3;

    private static final String[] V1 = {
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB NOT NULL)",
        // crypto state, each row a serialized record of the crypto module
        "CREATE TABLE identities (user TEXT PRIMARY KEY, identity_key BLOB NOT NULL,"
                + " first_seen INTEGER NOT NULL, changed_at INTEGER)",
        "CREATE TABLE prekeys (id INTEGER PRIMARY KEY, record BLOB NOT NULL)",
        "CREATE TABLE signed_prekeys (id INTEGER PRIMARY KEY, record BLOB NOT NULL, created_at INTEGER NOT NULL)",
        "CREATE TABLE sessions (user TEXT PRIMARY KEY, record BLOB NOT NULL)",
        "CREATE TABLE sender_keys (group_key TEXT NOT NULL, sender TEXT NOT NULL, record BLOB NOT NULL,"
                + " PRIMARY KEY (group_key, sender))",
        // conversation history, direct and group
        "CREATE TABLE messages (id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL,"
                + " conversation TEXT NOT NULL, conversation_name TEXT NOT NULL, direction TEXT NOT NULL,"
                + " sender TEXT NOT NULL, text TEXT NOT NULL, sent_at INTEGER NOT NULL, state TEXT NOT NULL,"
                + " server_message_id INTEGER, recipients INTEGER NOT NULL DEFAULT 0)",
        "CREATE INDEX messages_by_conversation ON messages (kind, conversation, id)",
        "CREATE INDEX messages_by_server_id ON messages (server_message_id)",
        "CREATE TABLE receipts (message_id INTEGER NOT NULL, recipient TEXT NOT NULL, at INTEGER NOT NULL,"
                + " PRIMARY KEY (message_id, recipient))",
        // server message ids already stored, so a redelivery after a lost Ack is acknowledged, not shown twice
        "CREATE TABLE received (server_id INTEGER PRIMARY KEY, at INTEGER NOT NULL)",
        // sends in order: final ciphertext written before it goes on the wire, removed on Accepted
        "CREATE TABLE outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, target TEXT NOT NULL,"
                + " client_message_id INTEGER NOT NULL UNIQUE, content BLOB NOT NULL, payload BLOB,"
                + " message_id INTEGER, created_at INTEGER NOT NULL)",
        // groups this account is in, their members, and who already holds our sender key
        "CREATE TABLE groups (group_key TEXT PRIMARY KEY, name TEXT NOT NULL, needs_rotation INTEGER NOT NULL DEFAULT 0)",
        "CREATE TABLE group_members (group_key TEXT NOT NULL, member TEXT NOT NULL, PRIMARY KEY (group_key, member))",
        "CREATE TABLE sender_key_shared (group_key TEXT NOT NULL, member TEXT NOT NULL,"
                + " PRIMARY KEY (group_key, member))",
        // group ciphertexts that arrived before their sender's key
        "CREATE TABLE pending_group (server_id INTEGER PRIMARY KEY, group_key TEXT NOT NULL,"
                + " group_name TEXT NOT NULL, sender TEXT NOT NULL, sent_at INTEGER NOT NULL,"
                + " payload BLOB NOT NULL, received_at INTEGER NOT NULL)",
    };

    /** Version 2: files. */
    private static final String[] V2 = {
        // files sent to us: what the message said, and how far the download got
        "CREATE TABLE downloads (id INTEGER PRIMARY KEY AUTOINCREMENT, server_message_id INTEGER NOT NULL,"
                + " history_id INTEGER NOT NULL, sender TEXT NOT NULL, group_name TEXT, blob_id TEXT NOT NULL,"
                + " file_key BLOB NOT NULL, digest BLOB NOT NULL, ciphertext_size INTEGER NOT NULL,"
                + " plaintext_size INTEGER NOT NULL, name TEXT NOT NULL, media_type TEXT NOT NULL,"
                + " state TEXT NOT NULL, part_path TEXT, saved_path TEXT, error TEXT, sender_failure TEXT,"
                + " created_at INTEGER NOT NULL)",
        "CREATE INDEX downloads_by_blob ON downloads (blob_id, sender)",
        "CREATE INDEX downloads_by_state ON downloads (state, id)",
    };

    /** Version 3: a digest of each received message's bytes, so a copy under a new server id is recognised. */
    private static final String[] V3 = {
        // a message sent again after the server lost it uncommitted comes back under a new id with the same bytes
        "ALTER TABLE received ADD COLUMN copy_digest BLOB",
        "CREATE INDEX received_by_copy ON received (copy_digest)",
    };

    /** The statements that take the store from version i to version i + 1, each step in its own transaction. */
    private static final String[][] STEPS = {V1, V2, V3};

    private Schema() {
    }

    static void migrate(ClientDatabase database) {
        int version = database.queryOne("PRAGMA user_version", row -> row.getInt(1)).orElse(0);
        if (version > VERSION) {
            throw new StoreException("the client store " + database.file()
                    + " was written by a newer Parley (schema " + version + ")", null);
        }
        for (int next = version + 1; next <= VERSION; next++) {
            String[] statements = STEPS[next - 1];
            int reached = next;
            database.inTransaction(() -> {
                for (String statement : statements) {
                    database.execute(statement);
                }
                database.execute("PRAGMA user_version = " + reached);
                return null;
            });
        }
    }
}
