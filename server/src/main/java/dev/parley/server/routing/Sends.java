package dev.parley.server.routing;

import dev.parley.server.persist.Effects;
import dev.parley.server.persist.WriteContext;
import dev.parley.server.state.Account;
import dev.parley.server.state.Connection;
import dev.parley.server.store.QueueStore.Removed;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Supplier;

/** Steps shared by direct and group sends, on the store writer. */
final class Sends {
    private Sends() {
    }

    /** The id this (sender, client message id) already received, if it is a resend. */
    static OptionalLong earlier(WriteContext context, Account sender, long clientMessageId) {
        return context.stores().queue().sentMessageId(sender.id(), clientMessageId);
    }

    /**
     * Claims {@code messageId} for this (sender, client message id), remembered for idempotency
     * (forgetting the oldest half-again beyond the limit); or, for a resend, the id it got before and
     * nothing is written. The usual, new send costs one statement instead of a lookup and an insert.
     */
    static OptionalLong claim(WriteContext context, Account sender, long clientMessageId, long messageId, int keep) {
        OptionalLong earlier = context.stores().queue().claimSent(sender.id(), clientMessageId, messageId);
        if (earlier.isPresent()) {
            return earlier;
        }
        sender.sentRemembered++;
        if (sender.sentRemembered > keep + keep / 2) {
            sender.sentRemembered = context.stores().queue().pruneSent(sender.id(), keep);
        }
        return earlier;
    }

    /**
     * Pushes {@code frame} to the connections {@link #route} chose and hands those that fell behind back to paging,
     * removing each from its list once done. Ahead of the commit it leaves out the connections a push must not reach
     * yet ({@link Effects#ready}: attached in this batch, or still owed an earlier batch's held frames), so the call
     * after the commit does those.
     */
    static void push(Effects effects, Deliveries deliveries, List<Connection> pushes, List<Connection> behind,
                     Supplier<Object> frame) {
        for (Iterator<Connection> it = pushes.iterator(); it.hasNext(); ) {
            Connection connection = it.next();
            if (effects.ready(connection)) {
                effects.send(connection, frame.get());
                it.remove();
            }
        }
        for (Iterator<Connection> it = behind.iterator(); it.hasNext(); ) {
            Connection connection = it.next();
            if (effects.ready(connection)) {
                deliveries.fellBehind(effects, connection);
                it.remove();
            }
        }
    }

    /** Counts the new entry against the recipient's queue. */
    static void counted(WriteContext context, Account recipient, int bytes) {
        recipient.queued++;
        recipient.queuedBytes += bytes;
        context.directory().addQueued(1);
    }

    /**
     * Decides, in commit order, whether message {@code messageId} goes straight to the recipient's
     * connection: only if it is live and has room; a full one drops back to paging from the queue. A pushed
     * message's queue row is remembered on the recipient, so that its Ack need not read it back.
     */
    static void route(Account recipient, long messageId, Removed row, List<Connection> pushes, List<Connection> behind) {
        Connection connection = recipient.connection();
        if (connection == null || !connection.live) {
            return;
        }
        if (connection.channel().isWritable()) {
            connection.cursor = messageId;
            pushes.add(connection);
            recipient.pushed(messageId, row);
        } else {
            connection.live = false;
            behind.add(connection);
        }
    }
}
