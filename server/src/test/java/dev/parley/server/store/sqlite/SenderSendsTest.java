package dev.parley.server.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** One sender's records in ascending client-id order: found, replaced and removed from the front like a sorted map. */
class SenderSendsTest {
    @Test
    void increasingIdsAreAppendedAndFound() {
        SenderSends sends = new SenderSends();
        for (long client = 10; client < 1_000; client += 10) {
            assertThat(sends.find(client)).isEqualTo(SenderSends.NONE);
            sends.put(client, client * 7);
        }
        assertThat(sends.size()).isEqualTo(99);
        assertThat(sends.find(500)).isEqualTo(3_500);
        assertThat(sends.find(505)).as("between two ids").isEqualTo(SenderSends.NONE);
        assertThat(sends.find(5)).as("below all").isEqualTo(SenderSends.NONE);
        assertThat(sends.find(1_000)).as("above all").isEqualTo(SenderSends.NONE);
        sends.removeFirst(98);
        assertThat(sends.size()).isEqualTo(1);
        assertThat(sends.clientId(0)).isEqualTo(990);
        assertThat(sends.find(10)).isEqualTo(SenderSends.NONE);
        sends.removeFirst(1);
        assertThat(sends.isEmpty()).isTrue();
    }

    @Test
    void matchesASortedMapForAnyOrderOfIds() {
        Random random = new Random(11);
        for (int round = 0; round < 200; round++) {
            SenderSends sends = new SenderSends();
            TreeMap<Long, Long> model = new TreeMap<>();
            for (int step = 0; step < 300; step++) {
                long client = random.nextBoolean() ? step * 3L : random.nextInt(1_000) - 100;
                long message = random.nextLong(1, Long.MAX_VALUE);
                int roll = random.nextInt(10);
                if (roll < 7) {
                    sends.put(client, message);
                    model.put(client, message);
                } else if (roll < 8 && !model.isEmpty()) {
                    int count = 1 + random.nextInt(model.size());
                    sends.removeFirst(count);
                    for (int i = 0; i < count; i++) {
                        model.pollFirstEntry();
                    }
                }
                Long expected = model.get(client);
                assertThat(sends.find(client)).isEqualTo(expected == null ? SenderSends.NONE : expected);
                assertThat(sends.size()).isEqualTo(model.size());
            }
            int i = 0;
            for (Map.Entry<Long, Long> entry : model.entrySet()) {
                assertThat(sends.clientId(i)).isEqualTo(entry.getKey());
                assertThat(sends.messageId(i)).isEqualTo(entry.getValue());
                i++;
            }
        }
    }
}
