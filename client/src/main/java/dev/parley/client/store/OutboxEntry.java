package dev.parley.client.store;

import java.util.Arrays;
import java.util.Objects;

/**
 * One send waiting for the server's Accepted. payload is null until the entry is sealed (encrypted);
 * once sealed, the same bytes with the same clientMessageId are sent on every attempt, so the
 * server stores the message once however often the connection drops.
 *
 * @param historyId the history row this send belongs to, or 0 for protocol traffic (sender keys)
 */
public record OutboxEntry(long id, Kind kind, String target, long clientMessageId, byte[] content, byte[] payload,
                          long historyId) {

    /** What an entry is: a direct message, a group message, or a sender key handed to one member. */
    public enum Kind { DIRECT, GROUP, SENDER_KEY }

    public OutboxEntry {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(target, "target");
        content = content.clone();
        payload = payload == null ? null : payload.clone();
    }

    @Override
    public byte[] content() {
        return content.clone();
    }

    @Override
    public byte[] payload() {
        return payload == null ? null : payload.clone();
    }

    public boolean sealed() {
        return payload != null;
    }

    /** True when the entry goes to one user (over the pairwise session), false for a group. */
    public boolean direct() {
        return kind != Kind.GROUP;
    }

    public OutboxEntry withPayload(byte[] sealedPayload) {
        return new OutboxEntry(id, kind, target, clientMessageId, content, sealedPayload, historyId);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof OutboxEntry that && id == that.id && kind == that.kind && target.equals(that.target)
                && clientMessageId == that.clientMessageId && Arrays.equals(content, that.content)
                && Arrays.equals(payload, that.payload) && historyId == that.historyId;
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, kind, target, clientMessageId, Arrays.hashCode(content), Arrays.hashCode(payload),
                historyId);
    }

    @Override
    public String toString() {
        return "OutboxEntry[id=" + id + ", kind=" + kind + ", target=" + target + ", clientMessageId="
                + clientMessageId + ", sealed=" + sealed() + ", historyId=" + historyId + "]";
    }
}
