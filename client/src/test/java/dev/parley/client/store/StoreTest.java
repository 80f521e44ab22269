package dev.parley.client.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.client.ChatMessage;
import dev.parley.client.ChatMessage.DeliveryState;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private ClientDatabase open() {
        return ClientDatabase.open(dir.resolve("alice").resolve("client.db"));
    }

    @Test
    void historySurvivesReopeningAndReturnsTheLastNOldestFirst() {
        try (ClientDatabase db = open()) {
            HistoryStore history = new HistoryStore(db);
            for (int i = 1; i <= 5; i++) {
                history.addIncoming(false, "Bob", "Bob", "message " + i, Instant.ofEpochSecond(i), 100 + i);
            }
            history.addOutgoing(true, "Friends", "alice", "to the group", Instant.ofEpochSecond(9), 3);
        }
        try (ClientDatabase db = open()) {
            HistoryStore history = new HistoryStore(db);
            assertThat(history.recent(false, "bob", 3)).extracting(ChatMessage::text)
                    .containsExactly("message 3", "message 4", "message 5");
            assertThat(history.recent(true, "friends", 10)).singleElement()
                    .satisfies(m -> {
                        assertThat(m.conversation()).isEqualTo("Friends");
                        assertThat(m.state()).isEqualTo(DeliveryState.PENDING);
                        assertThat(m.group()).isTrue();
                    });
            assertThat(history.hasConversation(false, "friends")).isFalse();
            assertThat(history.hasConversation(true, "FRIENDS")).isTrue();
        }
    }

    @Test
    void anOutgoingMessageGoesFromPendingToSentToDeliveredOnceEveryRecipientConfirmed() {
        try (ClientDatabase db = open()) {
            HistoryStore history = new HistoryStore(db);
            ChatMessage message = history.addOutgoing(true, "friends", "alice", "hi all", Instant.EPOCH, 2);
            history.markSent(message.id(), 77);
            assertThat(history.find(message.id()).orElseThrow().state()).isEqualTo(DeliveryState.SENT);
            assertThat(history.recordReceipt(77, "bob", Instant.EPOCH)).get()
                    .extracting(ChatMessage::state).isEqualTo(DeliveryState.SENT);
            assertThat(history.recordReceipt(77, "bob", Instant.EPOCH)).as("a repeated receipt").isEmpty();
            assertThat(history.recordReceipt(77, "Carol", Instant.EPOCH)).get()
                    .extracting(ChatMessage::state).isEqualTo(DeliveryState.DELIVERED);
            assertThat(history.recordReceipt(999, "bob", Instant.EPOCH)).as("an unknown message").isEmpty();
        }
    }

    @Test
    void theOutboxKeepsOrderSealsOnceAndHandsBackTheSameBytesAfterReopening() {
        long clientMessageId;
        try (ClientDatabase db = open()) {
            OutboxStore outbox = new OutboxStore(db, CLOCK, new SecureRandom());
            OutboxEntry first = outbox.add(OutboxEntry.Kind.DIRECT, "bob", new byte[] {1}, 5);
            OutboxEntry second = outbox.add(OutboxEntry.Kind.GROUP, "friends", new byte[] {2}, 6);
            outbox.add(OutboxEntry.Kind.SENDER_KEY, "carol", new byte[] {3}, 0);
            assertThat(first.clientMessageId()).isNotEqualTo(second.clientMessageId()).isPositive();
            OutboxEntry sealed = outbox.seal(first, new byte[] {9, 9, 9});
            assertThat(sealed.sealed()).isTrue();
            assertThatThrownBy(() -> outbox.seal(first, new byte[] {8})).isInstanceOf(IllegalStateException.class);
            clientMessageId = first.clientMessageId();
        }
        try (ClientDatabase db = open()) {
            OutboxStore outbox = new OutboxStore(db, CLOCK, new SecureRandom());
            List<OutboxEntry> entries = outbox.all();
            assertThat(entries).extracting(OutboxEntry::target).containsExactly("bob", "friends", "carol");
            assertThat(entries.getFirst().payload()).containsExactly(9, 9, 9);
            assertThat(entries.getFirst().clientMessageId()).isEqualTo(clientMessageId);
            assertThat(entries.get(1).sealed()).isFalse();
            assertThat(entries.get(2).historyId()).isZero();
            assertThat(outbox.remove(clientMessageId)).isTrue();
            assertThat(outbox.remove(clientMessageId)).as("a second Accepted").isFalse();
            assertThat(outbox.size()).isEqualTo(2);
        }
    }

    @Test
    void clientMessageIdsCarryTheTimeAndIncreaseEvenWithinOneMillisecond() {
        try (ClientDatabase db = open()) {
            OutboxStore outbox = new OutboxStore(db, CLOCK, new SecureRandom());
            long previous = 0;
            for (int i = 0; i < 10_000; i++) {
                long id = outbox.nextClientMessageId();
                assertThat(id).isGreaterThan(previous);
                assertThat(id >>> 20).as("the clock's milliseconds, or just past them").isBetween(CLOCK.millis(), CLOCK.millis() + 1);
                previous = id;
            }
        }
    }

    @Test
    void aFailedTransactionLeavesNothingBehind() {
        try (ClientDatabase db = open()) {
            OutboxStore outbox = new OutboxStore(db, CLOCK, new SecureRandom());
            assertThatThrownBy(() -> db.inTransaction(() -> {
                outbox.add(OutboxEntry.Kind.DIRECT, "bob", new byte[] {1}, 0);
                throw new IllegalStateException("crash between the two writes");
            })).hasMessage("crash between the two writes");
            assertThat(outbox.size()).isZero();
        }
    }

    @Test
    void groupsTrackMembersWhoHoldOurKeyAndWhenItMustBeReplaced() {
        try (ClientDatabase db = open()) {
            GroupStore groups = new GroupStore(db);
            groups.joined("Friends", List.of("alice", "bob", "carol"));
            assertThat(groups.isMember("friends")).isTrue();
            assertThat(groups.name("FRIENDS")).contains("Friends");
            assertThat(groups.membersWithoutOurKey("friends", "alice")).containsExactly("bob", "carol");
            groups.shared("friends", "bob");
            assertThat(groups.membersWithoutOurKey("friends", "alice")).containsExactly("carol");
            groups.replaceMembers("friends", List.of("alice", "bob", "carol", "dave"));
            assertThat(groups.needsRotation("friends")).as("a join alone").isFalse();
            assertThat(groups.membersWithoutOurKey("friends", "alice")).containsExactly("carol", "dave");
            groups.replaceMembers("friends", List.of("alice", "carol", "dave"));
            assertThat(groups.needsRotation("friends")).as("after bob left").isTrue();
            groups.shared("friends", "carol");
            groups.rotated("friends");
            assertThat(groups.needsRotation("friends")).isFalse();
            assertThat(groups.membersWithoutOurKey("friends", "alice")).containsExactly("carol", "dave");
            groups.left("friends");
            assertThat(groups.isMember("friends")).isFalse();
            assertThat(groups.groups()).isEmpty();
        }
    }

    /** A store written before version 3 keeps the ids it received and remembers copies from then on. */
    @Test
    void aVersionTwoStoreIsUpgradedAndKeepsTheIdsItReceived() throws Exception {
        Path file = dir.resolve("bob").resolve("client.db");
        java.nio.file.Files.createDirectories(file.getParent());
        try (var connection = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
             var statement = connection.createStatement()) {
            statement.execute("CREATE TABLE received (server_id INTEGER PRIMARY KEY, at INTEGER NOT NULL)");
            statement.execute("INSERT INTO received (server_id, at) VALUES (7, 1)");
            statement.execute("PRAGMA user_version = 2");
        }
        try (ClientDatabase db = ClientDatabase.open(file)) {
            InboxStore inbox = new InboxStore(db, CLOCK);
            assertThat(inbox.alreadyReceived(7, new byte[] {1})).isTrue();
            assertThat(inbox.alreadyReceived(8, new byte[] {1})).isFalse();
            inbox.markReceived(8, new byte[] {1});
            assertThat(inbox.alreadyReceived(9, new byte[] {1})).isTrue();
            assertThat(db.queryOne("PRAGMA user_version", row -> row.getInt(1))).contains(Schema.VERSION);
        }
    }

    @Test
    void theInboxRemembersWhatArrivedAndKeepsGroupMessagesUntilTheirKeyComes() {
        try (ClientDatabase db = open()) {
            InboxStore inbox = new InboxStore(db, CLOCK);
            byte[] first = {1, 2, 3};
            byte[] other = {4, 5, 6};
            assertThat(inbox.alreadyReceived(5, first)).isFalse();
            inbox.markReceived(5, first);
            inbox.markReceived(5, first);
            assertThat(inbox.alreadyReceived(5, first)).as("the same delivery again").isTrue();
            assertThat(inbox.alreadyReceived(9, first)).as("a copy of its bytes under a new id").isTrue();
            assertThat(inbox.alreadyReceived(5, other)).as("its id").isTrue();
            assertThat(inbox.alreadyReceived(9, other)).as("another message").isFalse();
            inbox.addPending(new PendingGroupMessage(12, "Friends", "Bob", 1, new byte[] {1}));
            inbox.addPending(new PendingGroupMessage(11, "friends", "bob", 1, new byte[] {2}));
            inbox.addPending(new PendingGroupMessage(13, "friends", "carol", 1, new byte[] {3}));
            assertThat(inbox.pending("FRIENDS", "BOB")).extracting(PendingGroupMessage::serverMessageId)
                    .containsExactly(11L, 12L);
            inbox.removePending(11);
            assertThat(inbox.pending("friends", "bob")).hasSize(1);
            inbox.removePendingForGroup("friends");
            assertThat(inbox.pending("friends", "carol")).isEmpty();
        }
    }

    @Test
    void metaHoldsNamedValues() {
        try (ClientDatabase db = open()) {
            AccountMeta meta = new AccountMeta(db);
            assertThat(meta.bytes(AccountMeta.TOKEN)).isEmpty();
            meta.putBytes(AccountMeta.TOKEN, new byte[] {1, 2});
            meta.putBytes(AccountMeta.TOKEN, new byte[] {3});
            assertThat(meta.bytes(AccountMeta.TOKEN)).get().isEqualTo(new byte[] {3});
            meta.putNumber(AccountMeta.NEXT_PREKEY_ID, 101);
            assertThat(meta.number(AccountMeta.NEXT_PREKEY_ID, 1)).isEqualTo(101);
            meta.remove(AccountMeta.TOKEN);
            assertThat(meta.bytes(AccountMeta.TOKEN)).isEmpty();
        }
    }
}
