package dev.parley.cli;

import dev.parley.client.ChatMessage;
import dev.parley.client.FileTransfer;
import dev.parley.client.GroupSummary;
import dev.parley.client.JoinedGroup;
import dev.parley.client.UserStatus;
import dev.parley.client.events.ClientEvent;
import dev.parley.client.files.FileSizes;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Every line the client prints, in one place. These formats are documented in the README for
 * scripts; change them only together with it.
 */
final class Formats {

    private final DateTimeFormatter time;
    private final DateTimeFormatter dateTime;

    Formats(ZoneId zone) {
        this.time = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(zone);
        this.dateTime = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(zone);
    }

    /** The line for an event, or empty for events a user need not see. */
    Optional<String> event(ClientEvent event) {
        return Optional.ofNullable(switch (event) {
            case ClientEvent.MessageReceived(var m) -> "[" + time.format(m.sentAt()) + "] " + m.sender() + ": " + m.text();
            case ClientEvent.GroupMessageReceived(var m) ->
                    "[" + time.format(m.sentAt()) + "] #" + m.conversation() + " " + m.sender() + ": " + m.text();
            case ClientEvent.MessageSent(var m) -> "✓ sent to " + target(m);
            case ClientEvent.MessageDelivered(var m, var recipient, var at) ->
                    m.group() ? "✓✓ delivered to " + recipient + " in #" + m.conversation()
                            : "✓✓ delivered to " + recipient;
            case ClientEvent.SendFailed(var m, var reason) -> "! not sent to " + target(m) + ": " + reason;
            case ClientEvent.PresenceChanged(var user, var presence, var lastSeen) ->
                    "* " + user + " is " + presence.name().toLowerCase(Locale.ROOT);
            case ClientEvent.MembershipChanged(var group, var user, var joined, var members) ->
                    "* " + user + (joined ? " joined #" : " left #") + group;
            case ClientEvent.SafetyNumberChanged(var user) ->
                    "! " + user + "'s safety number changed — run VERIFY " + user;
            case ClientEvent.DecryptionFailed(var sender, var group) ->
                    "! a message from " + sender + (group == null ? "" : " in #" + group) + " could not be decrypted";
            case ClientEvent.ConnectionChanged(var state, var detail) -> switch (state) {
                case ONLINE -> "* " + detail;
                case RECONNECTING -> "* " + detail + "…";
                case OFFLINE -> "!! " + detail;
            };
            case ClientEvent.ServerPinned(var server, var fingerprint) ->
                    "* trusting the server " + server + " on first use (certificate SHA-256 " + fingerprint + ")";
            case ClientEvent.QueueDrained() -> null;
            case ClientEvent.SignedOut(var reason) -> "! signed out: " + reason;
            case ClientEvent.Problem(var sentence) -> "! " + sentence;
            case ClientEvent.TransferStarted(var t) -> t.direction() == FileTransfer.Direction.UPLOAD
                    ? "↑ sending " + file(t.name(), t.size(), t.mediaType()) + " to " + t.peer() + "…"
                    : "↓ receiving " + file(t.name(), t.size(), t.mediaType()) + " from " + from(t.peer(), t.group()) + "…";
            case ClientEvent.TransferProgress ignored -> null;
            case ClientEvent.FileSent(var t, var messages, var took) -> "✓ sent " + t.name() + " to " + t.peer() + ": "
                    + FileSizes.describe(t.size()) + " in " + seconds(took) + " (" + FileSizes.rate(rate(t.size(), took)) + ")";
            case ClientEvent.FileReceived(var t, var m, var f) -> "[" + time.format(m.sentAt()) + "] "
                    + (f.group() == null ? "" : "#" + f.group() + " ") + f.sender() + " sent "
                    + file(f.name(), f.size(), f.mediaType()) + " → " + f.path();
            case ClientEvent.TransferFailed(var t, var reason) -> "! " + reason;
        });
    }

    /** "photo.jpg (2.1 MB, image/jpeg)". */
    static String file(String name, long size, String mediaType) {
        return name + " (" + FileSizes.describe(size) + ", " + mediaType + ")";
    }

    private static String from(String sender, String group) {
        return group == null ? sender : sender + " in #" + group;
    }

    static String seconds(Duration took) {
        double s = took.toNanos() / 1e9;
        return s < 10 ? String.format(Locale.ROOT, "%.1f s", s) : FileSizes.duration(s);
    }

    private static double rate(long bytes, Duration took) {
        double s = took.toNanos() / 1e9;
        return s <= 0 ? 0 : bytes / s;
    }

    /**
     * A progress bar: {@code ↑ photo.jpg → bob  [#######-------]  42%  12.3 MB/s  0:07 left}, at most
     * {@code width} characters.
     */
    static String progress(FileTransfer t, long done, double bytesPerSecond, int width) {
        boolean up = t.direction() == FileTransfer.Direction.UPLOAD;
        String who = up ? " → " + t.peer() : " ← " + from(t.peer(), t.group());
        int percent = t.size() == 0 ? 100 : (int) Math.min(100, done * 100 / t.size());
        double left = bytesPerSecond > 0 ? (t.size() - done) / bytesPerSecond : Double.NaN;
        String tail = String.format(Locale.ROOT, " %3d%%  %s  %s left", percent, FileSizes.rate(bytesPerSecond),
                FileSizes.duration(left));
        String head = (up ? "↑ " : "↓ ") + t.name() + who + " ";
        int barWidth = Math.max(10, Math.min(40, width - head.length() - tail.length() - 2));
        if (head.length() + barWidth + 2 + tail.length() > width) {
            int room = Math.max(8, width - barWidth - 2 - tail.length() - 3);
            head = head.length() > room ? head.substring(0, room) + "… " : head;
        }
        int filled = t.size() == 0 ? barWidth : (int) (barWidth * Math.min(1.0, (double) done / t.size()));
        return head + "[" + "#".repeat(filled) + "-".repeat(barWidth - filled) + "]" + tail;
    }

    private static String target(ChatMessage m) {
        return m.group() ? "#" + m.conversation() : m.conversation();
    }

    /** One line of HISTORY. */
    String history(ChatMessage m) {
        String where = m.group() ? "#" + m.conversation() + " " : "";
        String line = "[" + dateTime.format(m.sentAt()) + "] " + where + m.sender() + ": " + m.text();
        return switch (m.state()) {
            case PENDING -> line + " …";
            case SENT -> line + " ✓";
            case DELIVERED -> line + " ✓✓";
            case FAILED -> line + " ✗";
            case RECEIVED -> line;
        };
    }

    /** One line of USERS. */
    String user(UserStatus user, String self) {
        String name = user.username().equalsIgnoreCase(self) ? user.username() + " (you)" : user.username();
        return switch (user.presence()) {
            case ONLINE -> name + ": online";
            case AWAY -> name + ": away";
            case OFFLINE -> name + ": offline, " + user.lastSeen().map(t -> "last seen " + dateTime.format(t))
                    .orElse("never seen");
        };
    }

    /** One line of LIST. */
    static String group(GroupSummary group) {
        return "#" + group.name() + ": " + members(group.members());
    }

    static String members(String group, List<String> members) {
        return "#" + group + ": " + String.join(", ", members);
    }

    static String joined(JoinedGroup group) {
        return group.created() ? "created #" + group.name() + " and joined it"
                : "joined #" + group.name() + " (" + members(group.members().size()) + ")";
    }

    static String members(int count) {
        return count + (count == 1 ? " member" : " members");
    }

    /** VERIFY's lines: a title, then the 60 digits in two rows of six groups. */
    static List<String> safetyNumber(String user, String digits) {
        String[] groups = digits.strip().split("\\s+");
        if (groups.length != 12) {
            return List.of("safety number with " + user + ": " + digits);
        }
        return List.of("safety number with " + user + " (compare it with " + user + " in person or on a call):",
                "  " + String.join(" ", List.of(groups).subList(0, 6)),
                "  " + String.join(" ", List.of(groups).subList(6, 12)));
    }
}
