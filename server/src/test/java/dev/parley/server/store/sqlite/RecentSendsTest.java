package dev.parley.server.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The newest sends' idempotency records: appended to {@code sent_recent}, swept into {@code sent} a sender at a time,
 * and found again in memory, in {@code sent}, after a restart and never after a rollback.
 */
class RecentSendsTest extends SqliteTestDatabase {
    @Test
    void newSendsAreAppendedAndFoundUntilASweepMovesThemIntoSentAndCutsTheLog() throws Exception {
        RecentSends recent = new RecentSends(db, 8);
        long id = 1;
        for (int i = 0; i < 7; i++) {
            recent.add(i % 3, 1_000 + i, id++);
        }
        assertThat(count("sent_recent")).isEqualTo(7);
        assertThat(count("sent")).as("below the sweep threshold nothing is written to sent").isZero();
        assertThat(recent.find(1, 1_001)).hasValue(2);

        recent.add(0, 2_000, id++); // the 8th row starts a sweep: its 8 rows of credit cover all three senders at once
        assertThat(count("sent")).isEqualTo(8);
        assertThat(count("sent_recent")).as("the sweep passed every sender, so the log was cut").isZero();
        assertThat(recent.size()).isZero();
        for (int i = 0; i < 7; i++) {
            assertThat(recent.find(i % 3, 1_000 + i)).hasValue(i + 1);
        }
        assertThat(recent.find(0, 2_000)).hasValue(8);
        assertThat(recent.find(0, 1_001)).as("another sender's client id").isEmpty();
    }

    @Test
    void aSweepMovesAFewSendersPerNewSendAndCutsOnlyWhatItStartedWith() throws Exception {
        RecentSends recent = new RecentSends(db, 40);
        long id = 1;
        for (int sender = 0; sender < 20; sender++) {
            recent.add(sender, 1, id++);
            recent.add(sender, 2, id++);
        }
        // the 40th row started a sweep whose 8 rows of credit moved 4 senders; each next send pays for 4 more
        assertThat(count("sent")).isEqualTo(8);
        recent.add(0, 3, id++);
        assertThat(count("sent")).isEqualTo(16);
        for (int i = 0; i < 3; i++) {
            recent.add(1, 10 + i, id++);
        }
        assertThat(count("sent")).as("the sweep reached the last sender").isEqualTo(40);
        assertThat(count("sent_recent")).as("rows after the sweep's start stay in the log").isEqualTo(4);
        assertThat(recent.find(0, 3)).hasValue(41);
        assertThat(recent.find(19, 2)).hasValue(40);
    }

    @Test
    void aSweepMovesOnlyWhatLaterSendsPaidForAndALargeSenderInSteps() throws Exception {
        RecentSends recent = new RecentSends(db, 300);
        for (long id = 1; id <= 300; id++) {
            recent.add(1, 5_000 + id, id);
        }
        assertThat(count("sent")).as("the step that started the sweep: 8 rows of credit, a step of 256 waits").isZero();

        long id = 301;
        for (int i = 0; i < 30; i++) {
            recent.add(2, i, id++);
        }
        assertThat(count("sent")).as("248 rows of credit").isZero();
        recent.add(2, 30, id++);
        assertThat(count("sent")).as("the 32nd send pays for sender 1's lowest 256")
                .isEqualTo(RecentSends.MOST_ROWS_PER_STEP);
        assertThat(recent.find(1, 5_001)).as("moved into sent").hasValue(1);
        assertThat(recent.find(1, 5_300)).as("still in memory").hasValue(300);

        long sends = 32;
        long moved = count("sent");
        while (count("sent_recent") >= 300 && sends < 200) {
            recent.add(2, 1_000 + sends, id++);
            sends++;
            long now = count("sent");
            assertThat(now - moved).as("one step").isLessThanOrEqualTo(RecentSends.MOST_ROWS_PER_STEP);
            assertThat(now).as("never more than the sends paid for")
                    .isLessThanOrEqualTo(RecentSends.ROWS_PER_SEND * sends);
            moved = now;
        }
        assertThat(count("sent_recent")).as("cut up to where the sweep started; sender 2's rows stay")
                .isEqualTo(sends - 1);
        for (long client = 5_001; client <= 5_300; client++) {
            assertThat(recent.find(1, client)).hasValue(client - 5_000);
        }
        assertThat(recent.find(2, 30)).hasValue(331);
    }

    @Test
    void aBatchOfManySendsMovesAtMostItsShareInOneCommitAndTheNextCommitsSpendTheRestOfItsCredit() throws Exception {
        RecentSends recent = new RecentSends(db, 2_000);
        long id = fill(recent, 20, 100);
        db.commit(); // the 2,000th row started a sweep; its 8 rows of credit moved nothing yet

        for (int i = 0; i < 500; i++) { // one large batch (a backlog): 4,000 rows of credit
            recent.add(100, i, id++);
        }
        assertThat(count("sent")).as("one commit moves at most its share (five senders of 100 rows; a sixth would pass "
                + "512); the rest of the credit is kept").isEqualTo(500);
        recent.committed();

        long moved = count("sent");
        int commits = 0;
        while (count("sent") < 2_000 && commits < 10) { // small batches: one send per commit
            recent.add(100, 1_000 + commits, id++);
            recent.committed();
            commits++;
            long now = count("sent");
            assertThat(now - moved).as("at most the share per commit")
                    .isLessThanOrEqualTo(RecentSends.MOST_ROWS_PER_COMMIT);
            moved = now;
        }
        assertThat(commits).as("the kept credit moved the other fifteen senders in the next three commits")
                .isEqualTo(3);
        assertThat(count("sent")).isEqualTo(2_000);
        while (count("sent_recent") >= 2_000 && commits < 10) { // the sweep goes on to sender 100, 512 rows a commit
            recent.add(100, 1_000 + commits, id++);
            recent.committed();
            commits++;
        }
        assertThat(commits).as("sender 100's 505 rows in two more commits, then the cut").isEqualTo(5);
        assertThat(count("sent_recent")).as("the cut went up to the sweep's start: sender 100's rows stay in the table "
                + "until the next cut, though moved").isEqualTo(505);
        assertThat(recent.size()).isZero();
        for (int sender = 0; sender < 20; sender++) {
            assertThat(recent.find(sender, 99)).hasValue(sender * 100L + 100);
        }
    }

    @Test
    void aTableAtTwiceTheThresholdIsSweptAsFastAsTheCreditAllowsWhateverTheCommits() throws Exception {
        RecentSends recent = new RecentSends(db, 600);
        long id = fill(recent, 6, 100);
        for (int i = 0; i < 1_100; i++) { // no commit: the share of one commit is spent after five senders
            recent.add(100, i, id++);
            assertThat(recent.size()).as("rows not yet moved: never above twice the threshold")
                    .isLessThanOrEqualTo(1_200);
        }
        assertThat(count("sent")).as("the table reached 1,200 rows: from then on the credit alone paced the sweep")
                .isGreaterThan(RecentSends.MOST_ROWS_PER_COMMIT);
        assertThat(recent.find(5, 99)).hasValue(600);
        assertThat(recent.find(100, 1_099)).hasValue(1_700);
    }

    @Test
    void aSweepsCutDeletesAShareOfTheTablePerCommitAndARestartInTheMiddleStillFindsEverySend() throws Exception {
        RecentSends recent = new RecentSends(db, 4_500);
        long id = fill(recent, 9, 500);
        int commits = 0;
        int sends = 0;
        // batches of 70 sends (560 rows of credit): one sender of 500 rows moved per commit, then sender 100's own
        while (count("sent_recent") == 4_500 + sends && commits < 30) {
            for (int i = 0; i < 70; i++) {
                recent.add(100, sends++, id++);
            }
            db.commit();
            recent.committed();
            commits++;
        }
        assertThat(count("sent")).as("the sweep passed every sender").isGreaterThan(4_500);
        long before = 4_500 + sends;
        assertThat(count("sent_recent")).as("the transaction that ended the sweep deleted one share of the cut")
                .isEqualTo(before - RecentSends.MOST_ROWS_CUT_PER_COMMIT);

        RecentSends restarted = new RecentSends(db, 4_500); // a restart in the middle of the cut
        for (int sender = 0; sender < 9; sender++) {
            for (int client = 0; client < 500; client += 7) {
                assertThat(restarted.find(sender, client)).hasValue(sender * 500L + client + 1);
            }
        }
        recent.add(100, 10_000, id++);
        assertThat(count("sent_recent")).as("one more share in the next transaction")
                .isEqualTo(before + 1 - 2L * RecentSends.MOST_ROWS_CUT_PER_COMMIT);
        recent.add(100, 10_001, id++);
        assertThat(count("sent_recent")).as("only one share per transaction")
                .isEqualTo(before + 2 - 2L * RecentSends.MOST_ROWS_CUT_PER_COMMIT);
        recent.committed();
        recent.add(100, 10_002, id++);
        assertThat(count("sent_recent")).as("the rest of the cut; sender 100's rows stay until the next one")
                .isEqualTo(sends + 3);
        for (int sender = 0; sender < 9; sender++) {
            assertThat(recent.find(sender, 499)).hasValue(sender * 500L + 500);
        }
    }

    @Test
    void increasingClientIdsAreAnsweredWithoutAskingSentAndOlderOnesStillFindTheirRecord() throws Exception {
        RecentSends recent = new RecentSends(db, 16);
        long id = 1;
        for (long client = 100; client < 200; client++) { // several sweeps move these into sent
            assertThat(recent.find(3, client)).isEmpty();
            recent.add(3, client, id++);
            db.commit();
            recent.committed();
        }
        assertThat(count("sent")).isGreaterThan(64);
        assertThat(recent.sentLookups()).as("each new id was above the sender's highest in sent").isZero();

        assertThat(recent.find(3, 101)).as("an old resend is looked up in sent").hasValue(2);
        assertThat(recent.find(3, 99)).isEmpty();
        assertThat(recent.sentLookups()).isEqualTo(2);

        db.commit();
        RecentSends restarted = new RecentSends(db, 16); // the highest id in sent is read again
        assertThat(restarted.find(3, 150)).hasValue(51);
        assertThat(restarted.find(3, 1_000)).isEmpty();
        assertThat(restarted.find(4, 150)).as("a sender with nothing in sent").isEmpty();
        assertThat(restarted.sentLookups()).isEqualTo(1);
    }

    @Test
    void theStoreForgetsASendWhoseBatchRolledBackAndRemembersACommittedOneAfterARestart() {
        assertThat(db.queue().claimSent(7, 70, 1)).isEmpty();
        db.commit();
        assertThat(db.queue().claimSent(7, 71, 2)).isEmpty();
        assertThat(db.queue().claimSent(7, 71, 3)).as("a resend in the same batch").hasValue(2);
        db.rollback();

        assertThat(db.queue().sentMessageId(7, 71)).as("rolled back: a resend must be stored as new").isEmpty();
        assertThat(db.queue().claimSent(7, 71, 4)).isEmpty();
        reopen();

        assertThat(db.queue().claimSent(7, 70, 5)).hasValue(1);
        assertThat(db.queue().claimSent(7, 71, 6)).hasValue(4);
        assertThat(db.queue().stats().sentPerSender()).containsEntry(7L, 2);
        assertThat(db.queue().stats().maxMessageId()).isGreaterThanOrEqualTo(4);
    }

    @Test
    void matchesAPlainMapThroughSweepsMovesRestartsAndRollbacks() throws Exception {
        for (long seed = 1; seed <= 5; seed++) {
            Random random = new Random(seed);
            db.statement("DELETE FROM sent").executeUpdate();
            db.statement("DELETE FROM sent_recent").executeUpdate();
            db.commit();
            RecentSends recent = new RecentSends(db, 1 + random.nextInt(64));
            Map<Long, Map<Long, Long>> committed = new HashMap<>();
            Map<Long, Map<Long, Long>> open = copy(committed);
            long id = 1;
            for (int step = 0; step < 3_000; step++) {
                long sender = random.nextInt(12);
                long client = random.nextBoolean() ? step : random.nextInt(400); // ordered ids, and repeated random ones
                OptionalLong found = recent.find(sender, client);
                Long expected = open.getOrDefault(sender, Map.of()).get(client);
                assertThat(found).isEqualTo(expected == null ? OptionalLong.empty() : OptionalLong.of(expected));
                if (found.isEmpty()) {
                    recent.add(sender, client, id);
                    open.computeIfAbsent(sender, ignored -> new HashMap<>()).put(client, id);
                }
                id++;
                int roll = random.nextInt(100);
                if (roll < 5) {
                    db.commit();
                    recent.committed();
                    committed = copy(open);
                } else if (roll < 7) {
                    db.rollback();
                    recent.reload();
                    open = copy(committed);
                } else if (roll < 8) {
                    db.commit();
                    committed = copy(open);
                    recent = new RecentSends(db, 1 + random.nextInt(64)); // a restart: memory read from the table
                } else if (roll < 10) {
                    recent.moveSender(sender); // as before a prune: this sender's rows into sent, out of memory
                }
                int held = recent.countsBySender().values().stream().mapToInt(Integer::intValue).sum();
                assertThat(held).as("every remembered row belongs to exactly one sender").isEqualTo(recent.size());
            }
            db.commit();
            for (Map.Entry<Long, Map<Long, Long>> sender : open.entrySet()) {
                for (Map.Entry<Long, Long> send : sender.getValue().entrySet()) {
                    assertThat(recent.find(sender.getKey(), send.getKey())).hasValue(send.getValue());
                }
            }
            assertThat(count("sent_recent")).as("the log stays bounded").isLessThanOrEqualTo(3 * 64 + 8);
        }
    }

    private static Map<Long, Map<Long, Long>> copy(Map<Long, Map<Long, Long>> map) {
        Map<Long, Map<Long, Long>> copy = new HashMap<>();
        map.forEach((sender, sends) -> copy.put(sender, new HashMap<>(sends)));
        return copy;
    }

    /**
     * Records {@code perSender} sends (client ids 0, 1, …) of each of senders 0 to {@code senders} - 1, in that order,
     * with message ids from 1 (sender s's client c gets {@code s * perSender + c + 1}); returns the next message id.
     */
    private static long fill(RecentSends recent, int senders, int perSender) throws Exception {
        long id = 1;
        for (int sender = 0; sender < senders; sender++) {
            for (int client = 0; client < perSender; client++) {
                recent.add(sender, client, id++);
            }
        }
        return id;
    }

    private long count(String table) throws Exception {
        try (ResultSet rows = db.statement("SELECT count(*) FROM " + table).executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
