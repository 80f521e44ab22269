package dev.parley.server.store.sqlite;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The idempotency records of the newest sends: appended to {@code sent_recent} in message-id order and held in
 * memory for look-ups, then moved into {@code sent} (keyed by sender) by a sweep.
 *
 * <p>Why: {@code sent} is ordered by sender, so recording each send there wrote one page per distinct sender in
 * every commit — with a thousand busy senders, four of every five bytes the server wrote to disk. Appended here, the
 * sends of one commit share a page or two. Once the table holds {@code sweepAt} rows a sweep walks the senders in
 * id order and moves all rows of one sender at a time, so a page of {@code sent} is written once for many of that
 * sender's rows: the more rows a sender has gathered here, the fewer pages per row (a move into the middle of
 * {@code sent} rewrites four or five pages however few rows it carries). The sweep is paced: every new send earns
 * {@value #ROWS_PER_SEND} rows of credit and a sender is moved once the credit covers its rows (at most
 * {@value #MOST_ROWS_PER_STEP} at a time: a sender with more is moved over several steps), so a send carries only its
 * share of the move. One transaction moves at most {@value #MOST_ROWS_PER_COMMIT} rows: a batch of many sends (a
 * backlog after a stall) keeps the rest of its credit for the next commits instead of growing its own commit by
 * many senders' moves — unless the rows not yet moved reach twice {@code sweepAt}, when the credit alone paces the
 * sweep, so the table stays bounded whatever the batches. It stays near {@code sweepAt} (an eighth or so above it:
 * rows moved after the sweep started stay until the next cut). When the sweep has passed every sender, all rows up to
 * the newest id it started with are in {@code sent}, and the table is cut up to there: deleted from its start, at most
 * {@value #MOST_ROWS_CUT_PER_COMMIT} rows per transaction, so no commit carries a whole sweep's worth of pages. A
 * look-up asks memory first, then {@code sent} — but only for a client id at or below the highest one of that sender
 * in {@code sent}: clients pick increasing ids, so a new send is above it and costs no query (the highest id is read
 * once per sender and then kept up to date by the moves; a rollback or a prune can only leave it too high, which
 * merely costs a query).
 *
 * <p>Each sender's records are a {@link SenderSends}: two arrays in client-id order, 16 bytes a record.
 *
 * <p>Only the store writer uses it, inside its transactions. Memory mirrors the table: after a rollback
 * {@link #reload()} reads it again, so nothing rolled back is remembered; after a crash the table is read at start,
 * and rows a sweep had already copied into {@code sent} are copied again harmlessly ({@code ON CONFLICT DO NOTHING}).
 */
final class RecentSends {
    /**
     * Rows in the table at which a sweep starts: with a thousand busy senders, ~130 rows of each per move (at 32,768 it
     * was ~33, and the moves' pages were about half of the pages a W1 commit wrote; docs/benchmarks.md, eleventh
     * session).
     */
    static final int SWEEP_AT = 131_072;
    /** Rows of credit a new send gives a running sweep; a sender is moved once the credit covers its rows. */
    static final int ROWS_PER_SEND = 8;
    /** Rows a sweep moves in one step, at most: a sender with more is moved over several steps. */
    static final int MOST_ROWS_PER_STEP = 256;
    /**
     * Rows a sweep moves in one transaction, at most, while the rows not yet moved are below twice {@code sweepAt}: a
     * batch of many sends (a backlog after a stall) would otherwise pay for many senders' moves in one commit; the
     * credit it earned is kept and spent in the next commits.
     */
    static final int MOST_ROWS_PER_COMMIT = 2 * MOST_ROWS_PER_STEP;
    /**
     * Rows a cut deletes in one transaction, at most (~12 pages): cutting a whole sweep's 131,072 rows at once made a
     * commit of ~800 WAL frames, 3 MB, once per sweep (twelfth session's trace).
     */
    static final int MOST_ROWS_CUT_PER_COMMIT = 2_048;
    /** Senders whose highest id in {@code sent} is kept; past this many the cache starts again (bounded memory). */
    static final int MOST_CEILINGS = 100_000;
    private static final long NONE = Long.MIN_VALUE;

    private final SqliteDatabase db;
    private final int sweepAt;
    /** Each sender's remembered sends, in sender order for the sweep. */
    private final TreeMap<Long, SenderSends> bySender = new TreeMap<>();
    /**
     * The same maps by sender, for look-ups: walking the tree of a thousand senders on every send was over half of
     * {@link #find}'s time (ninth session's profile). Both hold exactly the same senders.
     */
    private final Map<Long, SenderSends> sendsOf = new HashMap<>();
    /** Per sender, a client id at or above every one of theirs in {@code sent} ({@link Long#MIN_VALUE}: none there). */
    private final Map<Long, Long> sentCeiling = new HashMap<>();
    private long sentLookups;
    private int rows;
    private boolean loaded;
    private long sweepUpTo = NONE;
    private long sweptThrough;
    /** Rows the running sweep may move before it waits for more sends. */
    private int credit;
    /** Rows moved by the sweep since the last commit. */
    private int movedThisCommit;
    /** Rows up to this message id are all in {@code sent} and wait to be deleted from the table (NONE: none). */
    private long cutUpTo = NONE;
    /** Whether this transaction has deleted its share of {@link #cutUpTo}'s rows. */
    private boolean cutThisCommit;

    RecentSends(SqliteDatabase db) {
        this(db, SWEEP_AT);
    }

    RecentSends(SqliteDatabase db, int sweepAt) {
        this.db = db;
        this.sweepAt = sweepAt;
    }

    /** The message id remembered for this send, here or in {@code sent}. */
    OptionalLong find(long senderId, long clientMessageId) throws SQLException {
        load();
        SenderSends sender = sendsOf.get(senderId);
        long id = sender == null ? SenderSends.NONE : sender.find(clientMessageId);
        if (id != SenderSends.NONE) {
            return OptionalLong.of(id);
        }
        if (clientMessageId > sentCeiling(senderId)) {
            return OptionalLong.empty();
        }
        sentLookups++;
        PreparedStatement select = db.statement("SELECT message_id FROM sent WHERE sender_id = ? AND client_message_id = ?");
        select.setLong(1, senderId);
        select.setLong(2, clientMessageId);
        try (ResultSet found = select.executeQuery()) {
            return found.next() ? OptionalLong.of(found.getLong(1)) : OptionalLong.empty();
        }
    }

    /** How many look-ups had to ask {@code sent} (for tests: new, increasing ids should not). */
    long sentLookups() {
        return sentLookups;
    }

    private long sentCeiling(long senderId) throws SQLException {
        Long known = sentCeiling.get(senderId);
        if (known != null) {
            return known;
        }
        PreparedStatement select = db.statement("SELECT max(client_message_id) FROM sent WHERE sender_id = ?");
        select.setLong(1, senderId);
        long ceiling;
        try (ResultSet found = select.executeQuery()) {
            ceiling = found.next() && found.getObject(1) != null ? found.getLong(1) : Long.MIN_VALUE;
        }
        if (sentCeiling.size() >= MOST_CEILINGS) {
            sentCeiling.clear();
        }
        sentCeiling.put(senderId, ceiling);
        return ceiling;
    }

    /** Records a new send (the caller has checked {@link #find} is empty); ids must increase from call to call. */
    void add(long senderId, long clientMessageId, long messageId) throws SQLException {
        load();
        PreparedStatement insert = db.statement(
                "INSERT INTO sent_recent (message_id, sender_id, client_message_id) VALUES (?, ?, ?)");
        insert.setLong(1, messageId);
        insert.setLong(2, senderId);
        insert.setLong(3, clientMessageId);
        insert.executeUpdate();
        sends(senderId).put(clientMessageId, messageId);
        rows++;
        if (sweepUpTo == NONE && rows >= sweepAt) {
            sweepUpTo = messageId;
            sweptThrough = NONE;
            credit = 0;
        }
        if (sweepUpTo != NONE) {
            sweep();
        }
        if (cutUpTo != NONE && !cutThisCommit) {
            cut();
        }
    }

    /** Records held here per sender (for the count of each sender's remembered sends). */
    Map<Long, Integer> countsBySender() throws SQLException {
        load();
        Map<Long, Integer> counts = new HashMap<>();
        bySender.forEach((sender, sends) -> counts.put(sender, sends.size()));
        return counts;
    }

    int size() throws SQLException {
        load();
        return rows;
    }

    /** The transaction committed: the next may move another {@link #MOST_ROWS_PER_COMMIT} rows and cut a share. */
    void committed() {
        movedThisCommit = 0;
        cutThisCommit = false;
    }

    /** Forgets memory and reads the table again (after a rollback: memory must not keep what was undone). */
    void reload() {
        bySender.clear();
        sendsOf.clear();
        rows = 0;
        sweepUpTo = NONE;
        movedThisCommit = 0;
        cutUpTo = NONE; // rows not yet cut are read again and moved again by a later sweep, harmlessly
        cutThisCommit = false;
        loaded = false;
    }

    private void load() throws SQLException {
        if (loaded) {
            return;
        }
        try (ResultSet all = db.statement("SELECT sender_id, client_message_id, message_id FROM sent_recent").executeQuery()) {
            while (all.next()) {
                sends(all.getLong(1)).put(all.getLong(2), all.getLong(3));
                rows++;
            }
        }
        loaded = true;
    }

    /** This sender's records, made (in both indexes) if they have none yet. */
    private SenderSends sends(long senderId) {
        SenderSends sends = sendsOf.get(senderId);
        if (sends == null) {
            sends = new SenderSends();
            sendsOf.put(senderId, sends);
            bySender.put(senderId, sends);
        }
        return sends;
    }

    /** Drops this sender's records from both indexes; returns them, or null if they had none. */
    private SenderSends forget(long senderId) {
        bySender.remove(senderId);
        return sendsOf.remove(senderId);
    }

    /** Moves this sender's rows into {@code sent} now (before its oldest there are forgotten). */
    void moveSender(long senderId) throws SQLException {
        load();
        SenderSends sends = forget(senderId);
        if (sends != null) {
            move(senderId, sends, sends.size());
        }
    }

    /**
     * Adds this send's credit and moves senders' rows into {@code sent}, in sender order, while the credit covers the
     * next sender's rows (at most {@link #MOST_ROWS_PER_STEP} of them: a sender with more is moved over several
     * steps) and this transaction has not yet moved {@link #MOST_ROWS_PER_COMMIT} (unless the rows not yet moved have
     * reached twice {@code sweepAt}: then the credit alone paces the sweep, so the table stays bounded whatever the
     * batches); or ends the sweep once it has passed every sender.
     */
    private void sweep() throws SQLException {
        credit += ROWS_PER_SEND;
        while (true) {
            Map.Entry<Long, SenderSends> next = bySender.higherEntry(sweptThrough);
            if (next == null) {
                cutUpTo = Math.max(cutUpTo, sweepUpTo);
                sweepUpTo = NONE;
                return;
            }
            int step = Math.min(next.getValue().size(), MOST_ROWS_PER_STEP);
            if (step > credit || movedThisCommit + step > MOST_ROWS_PER_COMMIT && rows < 2L * sweepAt) {
                return;
            }
            int moved = move(next.getKey(), next.getValue(), step);
            credit -= moved;
            movedThisCommit += moved;
            if (!next.getValue().isEmpty()) {
                return; // the rest of this sender in a later step
            }
            forget(next.getKey());
            sweptThrough = next.getKey();
        }
    }

    /**
     * Deletes the oldest {@link #MOST_ROWS_CUT_PER_COMMIT} rows up to {@link #cutUpTo} (all of them are already in
     * {@code sent}); once a share comes out smaller, none is left and the cut is done.
     */
    private void cut() throws SQLException {
        cutThisCommit = true;
        PreparedStatement delete = db.statement("""
                DELETE FROM sent_recent WHERE message_id IN
                    (SELECT message_id FROM sent_recent WHERE message_id <= ? ORDER BY message_id LIMIT ?)""");
        delete.setLong(1, cutUpTo);
        delete.setInt(2, MOST_ROWS_CUT_PER_COMMIT);
        if (delete.executeUpdate() < MOST_ROWS_CUT_PER_COMMIT) {
            cutUpTo = NONE;
        }
    }

    /**
     * Moves the sender's {@code limit} records with the lowest client ids (or all, if fewer) into {@code sent}, in
     * ascending order, removing them from {@code sends}.
     */
    private int move(long senderId, SenderSends sends, int limit) throws SQLException {
        PreparedStatement insert = db.statement(
                "INSERT INTO sent (sender_id, client_message_id, message_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING");
        int moved = Math.min(limit, sends.size());
        for (int i = 0; i < moved; i++) {
            insert.setLong(1, senderId);
            insert.setLong(2, sends.clientId(i));
            insert.setLong(3, sends.messageId(i));
            insert.executeUpdate();
        }
        if (moved == 0) {
            return 0;
        }
        long movedUpTo = sends.clientId(moved - 1);
        sends.removeFirst(moved);
        rows -= moved;
        sentCeiling.computeIfPresent(senderId, (sender, ceiling) -> Math.max(ceiling, movedUpTo)); // unknown: read when asked
        return moved;
    }
}
