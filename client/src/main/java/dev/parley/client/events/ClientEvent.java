package dev.parley.client.events;

import dev.parley.client.ChatMessage;
import dev.parley.client.FileTransfer;
import dev.parley.client.ReceivedFile;
import java.time.Duration;
import dev.parley.wire.Presence;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Everything the client library tells a user interface, in the order it happened. A CLI prints
 * each as a line; a GUI updates its views. Listeners run on one event thread, never on the
 * network or storage threads.
 */
public sealed interface ClientEvent {

    /** A direct message arrived and is stored. */
    record MessageReceived(ChatMessage message) implements ClientEvent {
        public MessageReceived {
            Objects.requireNonNull(message, "message");
        }
    }

    /** A group message arrived and is stored; {@code message.conversation()} is the group. */
    record GroupMessageReceived(ChatMessage message) implements ClientEvent {
        public GroupMessageReceived {
            Objects.requireNonNull(message, "message");
        }
    }

    /** The server stored an outgoing message ("✓ sent"). */
    record MessageSent(ChatMessage message) implements ClientEvent {
        public MessageSent {
            Objects.requireNonNull(message, "message");
        }
    }

    /**
     * A recipient's device stored an outgoing message ("✓✓ delivered"). For a group message there is one
     * per member; {@code message.state()} becomes DELIVERED once every member confirmed.
     */
    record MessageDelivered(ChatMessage message, String recipient, Instant at) implements ClientEvent {
        public MessageDelivered {
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(recipient, "recipient");
        }
    }

    /** The server refused an outgoing message for good; reason is one sentence. */
    record SendFailed(ChatMessage message, String reason) implements ClientEvent {
        public SendFailed {
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** A user came online, went away or went offline; lastSeen is null when unknown. */
    record PresenceChanged(String user, Presence presence, Instant lastSeen) implements ClientEvent {
    }

    /** Someone joined or left a group we are in; members is the membership after the change. */
    record MembershipChanged(String group, String user, boolean joined, List<String> members) implements ClientEvent {
        public MembershipChanged {
            members = List.copyOf(members);
        }
    }

    /**
     * A contact's identity key changed (a new device or reinstall — or an attack). The new key is
     * accepted, as Signal does; the user should compare safety numbers again (VERIFY).
     */
    record SafetyNumberChanged(String user) implements ClientEvent {
    }

    /** A message from sender (in group, or null for a direct message) could not be decrypted. */
    record DecryptionFailed(String sender, String group) implements ClientEvent {
    }

    /** The connection to the server went down, came back, or gave up; detail is one sentence. */
    record ConnectionChanged(ConnectionState state, String detail) implements ClientEvent {
    }

    /** The server's certificate was seen for the first time and pinned (trust on first use). */
    record ServerPinned(String server, String fingerprint) implements ClientEvent {
    }

    /** Everything queued for us while we were offline has arrived. */
    record QueueDrained() implements ClientEvent {
    }

    /** The account was signed out without being asked to (the session expired); reason is one sentence. */
    record SignedOut(String reason) implements ClientEvent {
    }

    /** Something went wrong in the background; sentence is for the user. */
    record Problem(String sentence) implements ClientEvent {
    }

    /** A file started moving: we began uploading one, or one sent to us began downloading. */
    record TransferStarted(FileTransfer transfer) implements ClientEvent {
        public TransferStarted {
            Objects.requireNonNull(transfer, "transfer");
        }
    }

    /**
     * How far a transfer is: {@code done} of {@code transfer.size()} bytes, at {@code bytesPerSecond}
     * lately. Published a few times a second at most.
     */
    record TransferProgress(FileTransfer transfer, long done, double bytesPerSecond) implements ClientEvent {
        public TransferProgress {
            Objects.requireNonNull(transfer, "transfer");
        }
    }

    /** An upload finished and the server accepted the message carrying it (one per conversation). */
    record FileSent(FileTransfer transfer, List<ChatMessage> messages, Duration took) implements ClientEvent {
        public FileSent {
            Objects.requireNonNull(transfer, "transfer");
            messages = List.copyOf(messages);
            Objects.requireNonNull(took, "took");
        }
    }

    /** A file sent to us arrived, every check passed, and it is saved at {@code file.path()}. */
    record FileReceived(FileTransfer transfer, ChatMessage message, ReceivedFile file) implements ClientEvent {
        public FileReceived {
            Objects.requireNonNull(transfer, "transfer");
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(file, "file");
        }
    }

    /** A transfer failed for good; nothing was saved (for a download) or sent (for an upload). */
    record TransferFailed(FileTransfer transfer, String reason) implements ClientEvent {
        public TransferFailed {
            Objects.requireNonNull(transfer, "transfer");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** How the client's link to the server stands. */
    enum ConnectionState { ONLINE, RECONNECTING, OFFLINE }
}
