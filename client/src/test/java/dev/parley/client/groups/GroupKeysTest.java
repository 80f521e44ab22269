package dev.parley.client.groups;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.client.account.Account;
import dev.parley.client.account.AccountFolders;
import dev.parley.client.content.ContentCodec;
import dev.parley.client.content.SenderKeyDistribution;
import dev.parley.client.content.Text;
import dev.parley.client.core.Context;
import dev.parley.client.core.Requests;
import dev.parley.client.core.Worker;
import dev.parley.client.events.ClientEvent;
import dev.parley.client.events.EventBus;
import dev.parley.client.messaging.Outbox;
import dev.parley.client.messaging.PairwiseSessions;
import dev.parley.client.store.OutboxEntry;
import dev.parley.wire.Deliver;
import dev.parley.wire.Message;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sender keys without a server: handing out, rotating, and messages that arrive before their key. */
class GroupKeysTest {

    @TempDir
    Path dir;

    private final Worker worker = new Worker();
    private final EventBus events = new EventBus(0);
    private final Requests offline = new Requests() {
        @Override
        public CompletableFuture<Message> request(Message message) {
            return CompletableFuture.failedFuture(new java.io.IOException("offline"));
        }

        @Override
        public boolean connected() {
            return false;
        }
    };

    private record Member(Account account, GroupKeys keys, Outbox outbox) {
    }

    private Member member(String name) {
        Account account = Account.open(new AccountFolders(dir, Clock.systemUTC()), name, Clock.systemUTC(),
                new SecureRandom(), user -> { });
        account.meta().putString("username", name);
        Context context = new Context(account, offline, events, worker, Clock.systemUTC());
        GroupKeys keys = new GroupKeys(context);
        Outbox outbox = new Outbox(context, new PairwiseSessions(context), keys);
        keys.useOutbox(outbox);
        return new Member(account, keys, outbox);
    }

    @AfterEach
    void close() {
        worker.close();
        events.close();
    }

    private static SenderKeyDistribution keyFor(Member from, String to) throws Exception {
        OutboxEntry entry = from.account().outbox().all().stream()
                .filter(e -> e.kind() == OutboxEntry.Kind.SENDER_KEY && e.target().equals(to))
                .reduce((first, second) -> second).orElseThrow();
        return (SenderKeyDistribution) ContentCodec.decode(entry.content());
    }

    private static byte[] text(String text) {
        return ContentCodec.encode(new Text(text, 1));
    }

    @Test
    void aGroupMessageThatArrivesBeforeItsSendersKeyIsKeptAndShownWhenTheKeyComes() throws Exception {
        Member alice = member("alice");
        Member bob = member("bob");
        alice.account().groups().joined("friends", List.of("alice", "bob"));
        bob.account().groups().joined("friends", List.of("alice", "bob"));

        byte[] first = alice.keys().seal("friends", text("first")).payload();
        byte[] second = alice.keys().seal("friends", text("second")).payload();
        SenderKeyDistribution key = keyFor(alice, "bob");
        assertThat(alice.account().outbox().all()).as("the key is queued once, for bob only").hasSize(1);

        assertThat(bob.keys().receive(new Deliver(11, "alice", "friends", 1, second))).isEmpty();
        assertThat(bob.keys().receive(new Deliver(10, "alice", "friends", 1, first))).isEmpty();
        List<ClientEvent> shown = bob.keys().senderKeyArrived("alice", key);
        assertThat(shown).map(e -> ((ClientEvent.GroupMessageReceived) e).message().text())
                .containsExactly("first", "second");
        assertThat(bob.account().inbox().pending("friends", "alice")).isEmpty();
    }

    @Test
    void whenAMemberLeavesTheNextSendUsesAFreshKeyForTheOthersOnly() throws Exception {
        Member alice = member("alice");
        Member bob = member("bob");
        Member carol = member("carol");
        alice.account().groups().joined("friends", List.of("alice", "bob", "carol"));
        alice.keys().seal("friends", text("to all"));
        SenderKeyDistribution carolsCopy = keyFor(alice, "carol");

        alice.account().groups().replaceMembers("friends", List.of("alice", "bob"));
        assertThat(alice.account().groups().needsRotation("friends")).isTrue();
        byte[] afterLeaving = alice.keys().seal("friends", text("carol is gone")).payload();
        SenderKeyDistribution bobsNewKey = keyFor(alice, "bob");
        assertThat(alice.account().outbox().all()).filteredOn(e -> e.target().equals("carol")).hasSize(1);

        carol.account().groups().joined("friends", List.of("alice", "bob", "carol"));
        carol.keys().senderKeyArrived("alice", carolsCopy);
        assertThat(carol.keys().receive(new Deliver(20, "alice", "friends", 1, afterLeaving)))
                .as("kept waiting for a key carol will never get").isEmpty();
        assertThat(carol.account().history().recent(true, "friends", 5)).isEmpty();

        bob.account().groups().joined("friends", List.of("alice", "bob"));
        bob.keys().senderKeyArrived("alice", bobsNewKey);
        assertThat(bob.keys().receive(new Deliver(21, "alice", "friends", 1, afterLeaving)))
                .singleElement().isInstanceOf(ClientEvent.GroupMessageReceived.class);
    }
}
