package dev.parley.client;

import java.time.Instant;
import java.util.Objects;

/**
 * One message of a conversation as this client stored it.
 *
 * @param id           local id, increasing in the order the client stored messages
 * @param group        true for a group message
 * @param conversation the other user (direct) or the group's name
 * @param sender       who wrote it (this account for outgoing messages)
 * @param text         the text
 * @param sentAt       when it was sent (server time for incoming messages, local time for outgoing ones)
 * @param direction    incoming or outgoing
 * @param state        for outgoing messages: pending, sent, delivered or failed; RECEIVED for incoming ones
 */
public record ChatMessage(long id, boolean group, String conversation, String sender, String text, Instant sentAt,
                          Direction direction, DeliveryState state) {

    public ChatMessage {
        Objects.requireNonNull(conversation, "conversation");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(sentAt, "sentAt");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(state, "state");
    }

    /** Whether a message came in or went out. */
    public enum Direction { IN, OUT }

    /** Where a message is on its way, the way messenger users know it. */
    public enum DeliveryState {
        /** Written to the outbox; not yet accepted by the server. */
        PENDING,
        /** The server stored it ("✓"). */
        SENT,
        /** The recipient's device stored it ("✓✓"); for a group, every member's device. */
        DELIVERED,
        /** The server refused it; it will not be sent. */
        FAILED,
        /** An incoming message. */
        RECEIVED
    }
}
