package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.client.ChatMessage;
import dev.parley.client.ChatMessage.DeliveryState;
import dev.parley.client.ChatMessage.Direction;
import dev.parley.client.GroupSummary;
import dev.parley.client.JoinedGroup;
import dev.parley.client.ParleyException;
import dev.parley.client.UserStatus;
import dev.parley.client.events.ClientEvent;
import dev.parley.client.events.ClientEvent.ConnectionState;
import dev.parley.wire.Presence;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FormatsTest {

    private static final Instant AT = Instant.parse("2026-11-22T14:03:07Z");
    private final Formats formats = new Formats(ZoneOffset.UTC);

    private static ChatMessage direct(String sender, String peer, Direction direction, DeliveryState state) {
        return new ChatMessage(1, false, peer, sender, "hello", AT, direction, state);
    }

    private static ChatMessage group(String sender, Direction direction, DeliveryState state) {
        return new ChatMessage(2, true, "friends", sender, "hello", AT, direction, state);
    }

    @Test
    void incomingMessagesAreOneLineWithTimeSenderAndText() {
        assertThat(line(new ClientEvent.MessageReceived(direct("alice", "alice", Direction.IN, DeliveryState.RECEIVED))))
                .isEqualTo("[14:03:07] alice: hello");
        assertThat(line(new ClientEvent.GroupMessageReceived(group("alice", Direction.IN, DeliveryState.RECEIVED))))
                .isEqualTo("[14:03:07] #friends alice: hello");
    }

    @Test
    void sentAndDeliveredStatesAreVisible() {
        ChatMessage out = direct("alice", "bob", Direction.OUT, DeliveryState.SENT);
        assertThat(line(new ClientEvent.MessageSent(out))).isEqualTo("✓ sent to bob");
        assertThat(line(new ClientEvent.MessageDelivered(out, "bob", AT))).isEqualTo("✓✓ delivered to bob");
        ChatMessage toGroup = group("alice", Direction.OUT, DeliveryState.SENT);
        assertThat(line(new ClientEvent.MessageSent(toGroup))).isEqualTo("✓ sent to #friends");
        assertThat(line(new ClientEvent.MessageDelivered(toGroup, "carol", AT)))
                .isEqualTo("✓✓ delivered to carol in #friends");
        assertThat(line(new ClientEvent.SendFailed(out, "there is no user called bob")))
                .isEqualTo("! not sent to bob: there is no user called bob");
    }

    @Test
    void warningsAndNoticesHaveTheirOwnMarks() {
        assertThat(line(new ClientEvent.SafetyNumberChanged("bob"))).isEqualTo("! bob's safety number changed — run VERIFY bob");
        assertThat(line(new ClientEvent.DecryptionFailed("bob", null))).isEqualTo("! a message from bob could not be decrypted");
        assertThat(line(new ClientEvent.DecryptionFailed("bob", "friends")))
                .isEqualTo("! a message from bob in #friends could not be decrypted");
        assertThat(line(new ClientEvent.MembershipChanged("friends", "dave", true, List.of()))).isEqualTo("* dave joined #friends");
        assertThat(line(new ClientEvent.MembershipChanged("friends", "dave", false, List.of()))).isEqualTo("* dave left #friends");
        assertThat(line(new ClientEvent.PresenceChanged("bob", Presence.AWAY, null))).isEqualTo("* bob is away");
        assertThat(line(new ClientEvent.ConnectionChanged(ConnectionState.RECONNECTING, "connection to the server lost; reconnecting")))
                .isEqualTo("* connection to the server lost; reconnecting…");
        assertThat(line(new ClientEvent.ConnectionChanged(ConnectionState.OFFLINE, "the server at x presented a different certificate")))
                .isEqualTo("!! the server at x presented a different certificate");
        assertThat(line(new ClientEvent.SignedOut("you signed in somewhere else"))).isEqualTo("! signed out: you signed in somewhere else");
        assertThat(formats.event(new ClientEvent.QueueDrained())).isEmpty();
    }

    @Test
    void historyLinesShowTheStateOfOutgoingMessages() {
        assertThat(formats.history(direct("alice", "bob", Direction.OUT, DeliveryState.DELIVERED)))
                .isEqualTo("[2026-11-22 14:03:07] alice: hello ✓✓");
        assertThat(formats.history(direct("alice", "bob", Direction.OUT, DeliveryState.PENDING)))
                .isEqualTo("[2026-11-22 14:03:07] alice: hello …");
        assertThat(formats.history(group("carol", Direction.IN, DeliveryState.RECEIVED)))
                .isEqualTo("[2026-11-22 14:03:07] #friends carol: hello");
    }

    @Test
    void usersGroupsAndSafetyNumbers() {
        assertThat(formats.user(new UserStatus("alice", Presence.ONLINE, Optional.empty()), "alice")).isEqualTo("alice (you): online");
        assertThat(formats.user(new UserStatus("bob", Presence.OFFLINE, Optional.of(AT)), "alice"))
                .isEqualTo("bob: offline, last seen 2026-11-22 14:03:07");
        assertThat(formats.user(new UserStatus("carol", Presence.OFFLINE, Optional.empty()), "alice"))
                .isEqualTo("carol: offline, never seen");
        assertThat(Formats.group(new GroupSummary("friends", 3))).isEqualTo("#friends: 3 members");
        assertThat(Formats.group(new GroupSummary("solo", 1))).isEqualTo("#solo: 1 member");
        assertThat(Formats.joined(new JoinedGroup("friends", List.of("alice"), true))).isEqualTo("created #friends and joined it");
        assertThat(Formats.joined(new JoinedGroup("friends", List.of("alice", "bob"), false))).isEqualTo("joined #friends (2 members)");
        assertThat(Formats.safetyNumber("bob", "11111 22222 33333 44444 55555 66666 77777 88888 99999 00000 12345 67890"))
                .containsExactly("safety number with bob (compare it with bob in person or on a call):",
                        "  11111 22222 33333 44444 55555 66666", "  77777 88888 99999 00000 12345 67890");
    }

    @Test
    void failuresBecomeOneSentence() {
        assertThat(Sentences.of(new ParleyException(ParleyException.Reason.WRONG_CREDENTIALS, "wrong username or password")))
                .isEqualTo("wrong username or password");
        assertThat(Sentences.of(new IllegalArgumentException("a message cannot be empty"))).isEqualTo("a message cannot be empty");
        assertThat(Sentences.of(new NullPointerException())).isEqualTo("something went wrong; the details are in the log");
    }

    private String line(ClientEvent event) {
        return formats.event(event).orElseThrow();
    }
}
