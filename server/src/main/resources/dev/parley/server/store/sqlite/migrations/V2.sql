-- Parley server schema 2: the newest sends' idempotency records, appended in message-id order, so that recording a
-- send writes to the end of one table instead of to each sender's own part of `sent` (see RecentSends). A sweep
-- moves them into `sent`, one sender's rows at a time, and then cuts this table from its start.

CREATE TABLE sent_recent (
    message_id        INTEGER PRIMARY KEY,
    sender_id         INTEGER NOT NULL,
    client_message_id INTEGER NOT NULL
);
