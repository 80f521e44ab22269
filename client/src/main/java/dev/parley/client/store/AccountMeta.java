package dev.parley.client.store;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Small named values of one account: its name, session token, key counters. */
public final class AccountMeta {

    public static final String USERNAME = "username";
    public static final String TOKEN = "session_token";
    public static final String IDENTITY = "identity_key_pair";
    public static final String NEXT_PREKEY_ID = "next_prekey_id";
    public static final String SIGNED_PREKEY_ID = "signed_prekey_id";
    public static final String SERVER = "server";

    private final ClientDatabase db;

    public AccountMeta(ClientDatabase db) {
        this.db = db;
    }

    public Optional<byte[]> bytes(String key) {
        return db.queryOne("SELECT value FROM meta WHERE key = ?", row -> row.getBytes(1), key);
    }

    public void putBytes(String key, byte[] value) {
        db.update("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                key, value);
    }

    public Optional<String> string(String key) {
        return bytes(key).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    public void putString(String key, String value) {
        putBytes(key, value.getBytes(StandardCharsets.UTF_8));
    }

    public long number(String key, long fallback) {
        return string(key).map(Long::parseLong).orElse(fallback);
    }

    public void putNumber(String key, long value) {
        putString(key, Long.toString(value));
    }

    public void remove(String key) {
        db.update("DELETE FROM meta WHERE key = ?", key);
    }
}
