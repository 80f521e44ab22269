package dev.parley.server.routing;

import dev.parley.server.persist.Effects;
import dev.parley.server.persist.StoreWriter;
import dev.parley.server.persist.WriteContext;
import dev.parley.server.protocol.Texts;
import dev.parley.server.state.Account;
import dev.parley.server.state.Connection;
import dev.parley.server.state.Directory;
import dev.parley.server.state.Group;
import dev.parley.server.store.QueueStore.QueuedMessage;
import dev.parley.server.store.QueueStore.StoredReceipt;
import dev.parley.wire.Deliver;
import dev.parley.wire.ErrorCode;
import dev.parley.wire.Frame;
import dev.parley.wire.QueueDrained;
import dev.parley.wire.Receipt;
import java.util.ArrayList;
import java.util.List;

/**
 * Moves a user's queue onto their connection in order. At sign-in the queue is read in pages (on the
 * store writer, so a page and the live pushes after it never overlap or reorder); the next page is
 * read only once the connection has room, so a slow reader never makes the server buffer its whole
 * queue. When the last page is out the connection goes "live": new messages are pushed straight from
 * memory as their batch commits (see {@code StoreWriter}: just before the commit, in op order with the
 * pages). A live connection that stops keeping up drops back to paging.
 */
public final class Deliveries {
    private final Directory directory;
    private final int pageSize;
    private StoreWriter writer;

    public Deliveries(Directory directory, int pageSize) {
        this.directory = directory;
        this.pageSize = pageSize;
    }

    public void writer(StoreWriter writer) {
        this.writer = writer;
    }

    /** One page read on the writer: the frames to push and whether the queue is now empty. */
    public record Page(List<Frame> frames, boolean done) {
    }

    /** Store writer: reads the next page after the connection's cursor; at the end, marks it live and collects waiting receipts. */
    public Page read(WriteContext context, Connection connection, Account account) {
        List<QueuedMessage> rows = context.stores().queue().page(account.id(), connection.cursor, pageSize);
        List<Frame> frames = new ArrayList<>(rows.size() + 1);
        for (QueuedMessage row : rows) {
            frames.add(Frame.push(deliver(row.messageId(), row.senderId(), row.groupId(), row.sentAtMillis(), row.body())));
            connection.cursor = row.messageId();
            account.pushed(row.messageId(), row.removed());
        }
        boolean done = rows.size() < pageSize;
        if (done) {
            connection.live = true;
            for (StoredReceipt receipt : context.stores().queue().takeReceipts(account.id(), pageSize * 8)) {
                Account recipient = directory.account(receipt.recipientId());
                frames.add(Frame.push(new Receipt(receipt.messageId(), recipient == null ? "" : recipient.name(), receipt.atMillis())));
            }
            frames.add(Frame.push(new QueueDrained()));
        }
        return new Page(frames, done);
    }

    public Deliver deliver(long messageId, long senderId, long groupId, long sentAtMillis, byte[] body) {
        Account sender = directory.account(senderId);
        Group group = groupId == 0 ? null : directory.group(groupId);
        return new Deliver(messageId, sender == null ? "" : sender.name(), group == null ? "" : group.name(), sentAtMillis, body);
    }

    /** Store writer, as the batch commits: pushes the page and, if more is queued, arranges the next step. */
    public void emit(Effects effects, Connection connection, Page page) {
        for (Frame frame : page.frames()) {
            effects.send(connection, frame);
        }
        effects.run(connection, () -> {
            connection.drainScheduled = false;
            if (!page.done()) {
                next(connection);
            }
        });
    }

    /**
     * Store writer: a live connection stopped keeping up; what arrives now waits in the queue and is
     * paged out once the connection drains.
     */
    public void fellBehind(Effects effects, Connection connection) {
        effects.run(connection, () -> next(connection));
    }

    /** Event loop: the channel became writable again. */
    public void writable(Connection connection) {
        if (connection.waitingForWritable) {
            connection.waitingForWritable = false;
            next(connection);
        }
    }

    /** Event loop: queue the next page unless one is already on its way or the channel is full. */
    void next(Connection connection) {
        if (connection.drainScheduled || !connection.channel().isActive()) {
            return;
        }
        if (!connection.channel().isWritable()) {
            connection.waitingForWritable = true;
            return;
        }
        connection.drainScheduled = true;
        if (!writer.submit(new DrainOp(this, connection))) {
            connection.drainScheduled = false;
            connection.closeWith(ErrorCode.UNAVAILABLE, Texts.BUSY);
        }
    }
}
