package dev.parley.client.store;

import java.util.Arrays;
import java.util.Objects;

/** A group ciphertext kept until its sender's key arrives. */
public record PendingGroupMessage(long serverMessageId, String group, String sender, long sentAtMillis,
                                  byte[] payload) {

    public PendingGroupMessage {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(sender, "sender");
        payload = payload.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PendingGroupMessage that && serverMessageId == that.serverMessageId
                && group.equals(that.group) && sender.equals(that.sender) && sentAtMillis == that.sentAtMillis
                && Arrays.equals(payload, that.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(serverMessageId, group, sender, sentAtMillis, Arrays.hashCode(payload));
    }

    @Override
    public String toString() {
        return "PendingGroupMessage[serverMessageId=" + serverMessageId + ", group=" + group + ", sender=" + sender
                + ", payload=" + payload.length + " bytes]";
    }
}
