package dev.parley.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.store.AccountStore.StoredAccount;
import dev.parley.server.store.QueueStore.QueueStats;
import dev.parley.server.store.QueueStore.QueuedMessage;
import dev.parley.server.store.QueueStore.Removed;
import dev.parley.server.store.QueueStore.StoredReceipt;
import dev.parley.server.store.sqlite.SqliteTestDatabase;
import dev.parley.wire.OneTimePreKey;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The SQLite stores against a real database file. */
class SqliteStoresTest extends SqliteTestDatabase {
    @Test
    void accountsAreUniqueByNameAndSurviveReopening() {
        long id = db.accounts().create("alice", "$argon2id$hash", 1000).orElseThrow();
        assertThat(db.accounts().create("alice", "$argon2id$other", 2000)).isEmpty();
        db.accounts().setLastSeen(id, 5000);
        reopen();
        StoredAccount alice = db.accounts().find("alice").orElseThrow();
        assertThat(alice).isEqualTo(new StoredAccount(id, "alice", "$argon2id$hash", 1000, 5000));
        assertThat(db.accounts().all()).containsExactly(alice);
        assertThat(db.accounts().find("bob")).isEmpty();
    }

    @Test
    void sessionsAreFoundByHashTouchedRemovedAndPrunedToTheNewest() {
        byte[] first = {1};
        byte[] second = {2};
        byte[] third = {3};
        db.tokens().add(first, 7, 100);
        db.tokens().add(second, 7, 200);
        db.tokens().add(third, 7, 300);
        db.tokens().touch(first, 150);
        assertThat(db.tokens().find(first)).contains(new TokenStore.StoredSession(7, 100, 150));
        db.tokens().keepNewest(7, 2);
        assertThat(db.tokens().find(first)).isEmpty();
        assertThat(db.tokens().find(third)).isPresent();
        db.tokens().remove(third);
        assertThat(db.tokens().find(third)).isEmpty();
        assertThat(db.tokens().find(second)).isPresent();
    }

    @Test
    void oneTimePreKeysAreHandedOutOldestFirstAndEachOnlyOnce() {
        db.keys().putIdentity(1, new byte[] {9}, new byte[] {8});
        db.keys().addOneTimePreKeys(1, List.of(new OneTimePreKey(10, new byte[] {1}), new OneTimePreKey(11, new byte[] {2})));
        db.keys().addOneTimePreKeys(1, List.of(new OneTimePreKey(12, new byte[] {3}), new OneTimePreKey(10, new byte[] {4})));
        assertThat(db.keys().countOneTimePreKeys(1)).isEqualTo(3);
        assertThat(db.keys().takeOneTimePreKey(1)).contains(new OneTimePreKey(11, new byte[] {2}));
        assertThat(db.keys().takeOneTimePreKey(1)).contains(new OneTimePreKey(12, new byte[] {3}));
        assertThat(db.keys().takeOneTimePreKey(1)).contains(new OneTimePreKey(10, new byte[] {4}));
        assertThat(db.keys().takeOneTimePreKey(1)).isEmpty();
        db.keys().setSignedPreKey(1, new byte[] {7});
        assertThat(db.keys().keys(1).orElseThrow().signedPreKey()).containsExactly(7);
        assertThat(db.keys().keys(1).orElseThrow().identityKey()).containsExactly(9);
        assertThat(db.keys().keys(2)).isEmpty();
    }

    @Test
    void aQueueReadsInIdOrderAfterACursorAndRemovesOnlyTheRecipientsOwnEntries() {
        QueueStore queue = db.queue();
        queue.enqueueDirect(2, 10, 1, 100, new byte[] {10});
        queue.enqueueDirect(2, 12, 1, 120, new byte[] {12});
        queue.enqueueDirect(2, 11, 3, 110, new byte[] {11});
        queue.enqueueDirect(3, 13, 1, 130, new byte[] {13});
        List<QueuedMessage> page = queue.page(2, 0, 2);
        assertThat(page).extracting(QueuedMessage::messageId).containsExactly(10L, 11L);
        assertThat(queue.page(2, 11, 10)).extracting(QueuedMessage::messageId).containsExactly(12L);
        assertThat(queue.remove(3, 10)).isEmpty();
        assertThat(page.getFirst().removed()).as("a page row says what its delete reads back").isEqualTo(new Removed(1, 0, 1));
        assertThat(queue.remove(2, 10)).contains(new Removed(1, 0, 1));
        assertThat(queue.remove(2, 10)).isEmpty();
        assertThat(queue.page(2, 0, 10)).extracting(QueuedMessage::messageId).containsExactly(11L, 12L);
        assertThat(queue.removeKnown(3, 11)).as("someone else's entry").isFalse();
        assertThat(queue.removeKnown(2, 11)).isTrue();
        assertThat(queue.removeKnown(2, 11)).as("already removed").isFalse();
        assertThat(queue.page(2, 0, 10)).extracting(QueuedMessage::messageId).containsExactly(12L);
    }

    @Test
    void aGroupMessageIsStoredOnceAndReadByEveryMember() {
        QueueStore queue = db.queue();
        queue.storeGroupPayload(20, new byte[] {1, 2, 3});
        queue.enqueueGroupEntry(2, 20, 1, 5, 100);
        queue.enqueueGroupEntry(3, 20, 1, 5, 100);
        for (long member : new long[] {2, 3}) {
            QueuedMessage message = queue.page(member, 0, 10).getFirst();
            assertThat(message.body()).containsExactly(1, 2, 3);
            assertThat(message.groupId()).isEqualTo(5);
        }
        QueueStats stats = queue.stats();
        assertThat(stats.groupPayloads().get(20L)).containsExactly(2, 3);
        assertThat(stats.perRecipient().get(2L)).containsExactly(1, 3);
        assertThat(queue.page(2, 0, 10).getFirst().removed()).as("a page row says what its delete reads back")
                .isEqualTo(new Removed(1, 5, 0));
        assertThat(queue.remove(2, 20)).contains(new Removed(1, 5, 0));
        queue.remove(3, 20);
        queue.deleteGroupPayload(20);
        assertThat(queue.stats().groupPayloads()).isEmpty();
    }

    @Test
    void sendsAreRememberedForIdempotencyAndPrunedToTheNewest() {
        QueueStore queue = db.queue();
        for (long i = 1; i <= 10; i++) {
            assertThat(queue.claimSent(1, 100 + i, i)).isEmpty();
        }
        assertThat(queue.sentMessageId(1, 105)).hasValue(5);
        assertThat(queue.sentMessageId(2, 105)).isEmpty();
        assertThat(queue.pruneSent(1, 4)).isEqualTo(4);
        assertThat(queue.sentMessageId(1, 106)).isEmpty();
        assertThat(queue.sentMessageId(1, 107)).hasValue(7);
        assertThat(queue.stats().sentPerSender()).containsEntry(1L, 4);
    }

    @Test
    void claimingASendRecordsItOnceAndAResendGetsTheFirstId() {
        QueueStore queue = db.queue();
        assertThat(queue.claimSent(1, 500, 40)).isEmpty();
        assertThat(queue.claimSent(2, 500, 41)).as("another sender's same client id is its own send").isEmpty();
        assertThat(queue.claimSent(1, 500, 42)).hasValue(40);
        assertThat(queue.sentMessageId(1, 500)).hasValue(40);
        assertThat(queue.stats().sentPerSender()).containsEntry(1L, 1).containsEntry(2L, 1);
    }

    @Test
    void receiptsWaitForTheSenderAndAreTakenOnce() {
        QueueStore queue = db.queue();
        queue.addReceipt(1, 30, 2, 300);
        queue.addReceipt(1, 29, 3, 290);
        queue.addReceipt(4, 31, 2, 310);
        assertThat(queue.takeReceipts(1, 10)).containsExactly(new StoredReceipt(29, 3, 290), new StoredReceipt(30, 2, 300));
        assertThat(queue.takeReceipts(1, 10)).isEmpty();
        assertThat(queue.takeReceipts(4, 10)).hasSize(1);
    }

    @Test
    void theMessageCounterNeverGoesBackEvenWhenQueuesEmpty() {
        db.queue().enqueueDirect(2, 50, 1, 1, new byte[] {1});
        db.queue().setHighWaterMark(50);
        db.queue().remove(2, 50);
        db.queue().setHighWaterMark(40);
        reopen();
        assertThat(db.queue().stats().maxMessageId()).isEqualTo(50);
    }

    @Test
    void groupsAndMembershipsAreStoredAndCounted() {
        long team = db.groups().create("team", 1).orElseThrow();
        assertThat(db.groups().create("team", 2)).isEmpty();
        assertThat(db.groups().find("team")).contains(team);
        assertThat(db.groups().addMember(team, 1, 10)).isTrue();
        assertThat(db.groups().addMember(team, 1, 11)).isFalse();
        assertThat(db.groups().addMember(team, 2, 12)).isTrue();
        assertThat(db.groups().memberCount(team)).isEqualTo(2);
        assertThat(db.groups().groupCount(1)).isEqualTo(1);
        assertThat(db.groups().memberships()).containsExactly(new long[] {team, 1}, new long[] {team, 2});
        assertThat(db.groups().removeMember(team, 1)).isTrue();
        assertThat(db.groups().removeMember(team, 1)).isFalse();
        reopen();
        assertThat(db.groups().all()).containsExactly(new GroupStore.StoredGroup(team, "team", 1));
        assertThat(db.groups().find("missing")).isEqualTo(Optional.empty());
    }

    @Test
    void rolledBackWorkLeavesNoTrace() {
        db.accounts().create("alice", "h", 1);
        db.rollback();
        assertThat(db.accounts().find("alice")).isEmpty();
    }
}
