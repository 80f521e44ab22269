package dev.parley.server.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Pruning a sender's idempotency records keeps exactly the newest (by message id), whether the client's ids increase
 * (a range delete on the key, no sort) or not (the records sorted by message id).
 */
class SentPruningTest extends SqliteTestDatabase {
    private long nextMessageId = 1;

    @Test
    void increasingClientIdsArePrunedWithoutSorting() throws Exception {
        SqliteQueueStore queue = (SqliteQueueStore) db.queue();
        for (long client = 1; client <= 30; client++) {
            queue.claimSent(7, 1_000 + client, nextMessageId++);
        }
        assertThat(queue.pruneSent(7, 10)).isEqualTo(10);
        assertThat(records(7)).isEqualTo(newest(numbered(1_001, 30), 10));
        assertThat(queue.sentMessageId(7, 1_020)).isEmpty();
        assertThat(queue.sentMessageId(7, 1_021)).hasValue(21);
        assertThat(queue.sortedPrunes()).isZero();
    }

    @Test
    void randomClientIdsAreSortedByMessageIdAndTheNewestKept() throws Exception {
        SqliteQueueStore queue = (SqliteQueueStore) db.queue();
        Random random = new Random(42);
        Map<Long, Long> sent = new HashMap<>();
        while (sent.size() < 30) {
            long client = random.nextLong(1, Long.MAX_VALUE);
            if (!sent.containsKey(client)) {
                long id = nextMessageId++;
                queue.claimSent(7, client, id);
                sent.put(client, id);
            }
        }
        assertThat(queue.pruneSent(7, 10)).isEqualTo(10);
        assertThat(records(7)).isEqualTo(newest(sent, 10));
        assertThat(queue.sortedPrunes()).isEqualTo(1);
    }

    @Test
    void fewerRecordsThanTheLimitAreAllKept() throws Exception {
        SqliteQueueStore queue = (SqliteQueueStore) db.queue();
        for (long client = 1; client <= 5; client++) {
            queue.claimSent(7, client, nextMessageId++);
        }
        assertThat(queue.pruneSent(7, 10)).isEqualTo(5);
        assertThat(records(7)).isEqualTo(numbered(1, 5));
    }

    /** Several senders with increasing, nearly increasing and random ids, pruned again and again, against a model. */
    @Test
    void pruningAlwaysKeepsExactlyTheNewestRecordsOfThatSenderOnly() throws Exception {
        SqliteQueueStore queue = (SqliteQueueStore) db.queue();
        Random random = new Random(7);
        Map<Long, Map<Long, Long>> model = new HashMap<>();
        long[] lastClientId = new long[4];
        for (int step = 0; step < 3_000; step++) {
            long sender = random.nextInt(4);
            long client = switch ((int) sender) {
                case 0 -> ++lastClientId[0];                                            // increasing
                case 1 -> random.nextInt(20) == 0 ? lastClientId[1] - 3 : (lastClientId[1] += 5); // now and then an older id
                default -> random.nextLong(1, 1_000_000);                               // random
            };
            Map<Long, Long> records = model.computeIfAbsent(sender, s -> new HashMap<>());
            if (records.containsKey(client) || queue.sentMessageId(sender, client).isPresent()) {
                continue; // a resend: already remembered (or forgotten on purpose); the model only tracks new sends
            }
            long id = nextMessageId++;
            assertThat(queue.claimSent(sender, client, id)).isEmpty();
            records.put(client, id);
            if (random.nextInt(60) == 0) {
                int keep = 1 + random.nextInt(40);
                int left = queue.pruneSent(sender, keep);
                Map<Long, Long> kept = newest(records, keep);
                model.put(sender, new HashMap<>(kept));
                assertThat(left).isEqualTo(kept.size());
                assertThat(records(sender)).as("sender %d after its pruning", sender).isEqualTo(kept);
                for (Map.Entry<Long, Map<Long, Long>> other : model.entrySet()) {
                    for (Map.Entry<Long, Long> record : other.getValue().entrySet()) {
                        assertThat(queue.sentMessageId(other.getKey(), record.getKey())).as("sender %d's record", other.getKey())
                                .hasValue(record.getValue());
                    }
                }
            }
        }
        assertThat(queue.sortedPrunes()).as("the random senders needed sorting").isPositive();
    }

    /** The sender's records in {@code sent} (all of them right after that sender was pruned: pruning moves them there). */
    private Map<Long, Long> records(long senderId) throws Exception {
        Map<Long, Long> records = new TreeMap<>();
        PreparedStatement select = db.statement("SELECT client_message_id, message_id FROM sent WHERE sender_id = ?");
        select.setLong(1, senderId);
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                records.put(rows.getLong(1), rows.getLong(2));
            }
        }
        return records;
    }

    /** Client ids from {@code firstClientId} on, with message ids 1, 2, … */
    private static Map<Long, Long> numbered(long firstClientId, int count) {
        Map<Long, Long> all = new HashMap<>();
        for (int i = 0; i < count; i++) {
            all.put(firstClientId + i, (long) i + 1);
        }
        return all;
    }

    private static Map<Long, Long> newest(Map<Long, Long> records, int keep) {
        Set<Long> newestIds = new HashSet<>(records.values().stream().sorted((a, b) -> Long.compare(b, a)).limit(keep).toList());
        Map<Long, Long> kept = new TreeMap<>();
        records.forEach((client, id) -> {
            if (newestIds.contains(id)) {
                kept.put(client, id);
            }
        });
        return kept;
    }
}
