package dev.parley.client.keys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.client.account.Account;
import dev.parley.client.account.AccountFolders;
import dev.parley.client.core.Context;
import dev.parley.client.core.Requests;
import dev.parley.client.core.Worker;
import dev.parley.client.events.EventBus;
import dev.parley.client.store.AccountMeta;
import dev.parley.wire.Message;
import dev.parley.wire.OneTimePreKey;
import dev.parley.wire.Ok;
import dev.parley.wire.PublishKeys;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyMaintenanceTest {

    @TempDir
    Path dir;

    private final List<Message> published = new ArrayList<>();
    private final Requests server = new Requests() {
        @Override
        public CompletableFuture<Message> request(Message message) {
            published.add(message);
            return CompletableFuture.completedFuture(new Ok());
        }

        @Override
        public boolean connected() {
            return true;
        }
    };

    private static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-11-22T10:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void aLowPoolIsRefilledAndAWeekOldSignedPrekeyIsReplaced() {
        MovableClock clock = new MovableClock();
        try (Worker worker = new Worker(); EventBus events = new EventBus(0);
             Account account = Account.open(new AccountFolders(dir, clock), "alice", clock, new SecureRandom(), u -> { })) {
            KeyMaintenance.SignUpKeys keys = KeyMaintenance.generate(clock);
            keys.persist(account.crypto(), account.meta());
            KeyMaintenance maintenance = new KeyMaintenance(new Context(account, server, events, worker, clock));

            maintenance.maintain(KeyMaintenance.LOW_WATERMARK);
            assertThat(published).as("enough keys, fresh signed prekey").isEmpty();

            maintenance.maintain(3);
            PublishKeys refill = (PublishKeys) published.getLast();
            assertThat(refill.keys().oneTimePreKeys()).extracting(OneTimePreKey::id)
                    .startsWith(101).endsWith(200).hasSize(KeyMaintenance.BATCH);
            assertThat(refill.keys().identityKey()).isEqualTo(keys.identity().publicKey().serialize());
            assertThat(account.crypto().preKeys().count()).isEqualTo(200);
            assertThat(account.meta().number(AccountMeta.SIGNED_PREKEY_ID, -1)).isEqualTo(1);

            clock.now = clock.now.plus(Duration.ofDays(8));
            maintenance.maintain(50);
            PublishKeys rotation = (PublishKeys) published.getLast();
            assertThat(rotation.keys().oneTimePreKeys()).isEmpty();
            assertThat(rotation.keys().signedPreKey()).isNotEqualTo(keys.signedPreKey().publicBlob());
            assertThat(account.meta().number(AccountMeta.SIGNED_PREKEY_ID, -1)).isEqualTo(2);
            assertThat(account.crypto().signedPreKeys().all()).as("the old one stays for messages in flight").hasSize(2);
        }
    }
}
