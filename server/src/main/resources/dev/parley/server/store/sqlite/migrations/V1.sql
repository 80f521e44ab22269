-- Parley server schema 1. Applied once, in a transaction; PRAGMA user_version records it.
-- The server stores only public keys, password hashes, SHA-256 hashes of session tokens and ciphertext.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT    NOT NULL UNIQUE,
    password_hash TEXT    NOT NULL,
    created_at    INTEGER NOT NULL,
    last_seen     INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE sessions (
    token_hash BLOB    PRIMARY KEY,
    user_id    INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    last_used  INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_by_user ON sessions (user_id, created_at);

CREATE TABLE identity_keys (
    user_id       INTEGER PRIMARY KEY,
    identity_key  BLOB    NOT NULL,
    signed_prekey BLOB    NOT NULL
);

-- seq orders the pool so the oldest key is handed out first.
CREATE TABLE one_time_prekeys (
    user_id    INTEGER NOT NULL,
    seq        INTEGER NOT NULL,
    key_id     INTEGER NOT NULL,
    public_key BLOB    NOT NULL,
    PRIMARY KEY (user_id, seq)
) WITHOUT ROWID;
CREATE UNIQUE INDEX one_time_prekeys_by_id ON one_time_prekeys (user_id, key_id);

-- One row per (recipient, message). Direct messages carry their ciphertext in body; group messages
-- have body NULL and share one row of group_payloads, so a 100-member group stores its ciphertext once.
CREATE TABLE queue (
    recipient_id INTEGER NOT NULL,
    message_id   INTEGER NOT NULL,
    sender_id    INTEGER NOT NULL,
    group_id     INTEGER NOT NULL,
    sent_at      INTEGER NOT NULL,
    body         BLOB,
    PRIMARY KEY (recipient_id, message_id)
) WITHOUT ROWID;

CREATE TABLE group_payloads (
    message_id INTEGER PRIMARY KEY,
    body       BLOB NOT NULL
);

-- Idempotent sends: the message id given to each (sender, client message id).
CREATE TABLE sent (
    sender_id         INTEGER NOT NULL,
    client_message_id INTEGER NOT NULL,
    message_id        INTEGER NOT NULL,
    PRIMARY KEY (sender_id, client_message_id)
) WITHOUT ROWID;

-- Delivery receipts waiting for a sender who was offline when the recipient acknowledged.
CREATE TABLE receipts (
    sender_id    INTEGER NOT NULL,
    message_id   INTEGER NOT NULL,
    recipient_id INTEGER NOT NULL,
    at           INTEGER NOT NULL,
    PRIMARY KEY (sender_id, message_id, recipient_id)
) WITHOUT ROWID;

CREATE TABLE groups (
    id         INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
);

CREATE TABLE members (
    group_id  INTEGER NOT NULL,
    user_id   INTEGER NOT NULL,
    joined_at INTEGER NOT NULL,
    PRIMARY KEY (group_id, user_id)
) WITHOUT ROWID;
CREATE INDEX members_by_user ON members (user_id, group_id);
