package dev.parley.server.routing;

import dev.parley.server.persist.Effects;
import dev.parley.server.persist.StoreOp;
import dev.parley.server.persist.WriteContext;
import dev.parley.server.protocol.Texts;
import dev.parley.server.state.Account;
import dev.parley.server.state.Connection;
import dev.parley.server.store.QueueStore;
import dev.parley.server.store.QueueStore.Removed;
import dev.parley.wire.ErrorCode;
import dev.parley.wire.Frame;
import dev.parley.wire.Ok;
import dev.parley.wire.Receipt;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The recipient has these messages: delete them from its queue (ids that are not in its queue are
 * ignored, so nobody can delete someone else's messages), release group ciphertext nobody else still
 * needs, and tell each sender: a Receipt pushed now if they are online, else stored for their next
 * sign-in (direct messages; group receipts are only pushed, and only if enabled).
 */
final class AckOp extends StoreOp {
    private final RoutingLimits limits;
    private final Connection origin;
    private final long requestId;
    private final Account recipient;
    private final List<Long> messageIds;
    private final List<Object> receipts = new ArrayList<>();

    AckOp(RoutingLimits limits, Connection origin, long requestId, Account recipient, List<Long> messageIds) {
        this.limits = limits;
        this.origin = origin;
        this.requestId = requestId;
        this.recipient = recipient;
        this.messageIds = messageIds;
    }

    @Override
    protected void execute(WriteContext context) {
        receipts.clear();
        QueueStore queue = context.stores().queue();
        Map<Long, int[]> payloads = context.directory().groupPayloads();
        long now = context.nowMillis();
        for (long messageId : messageIds) {
            // a message this connection was pushed: its row is known, so a plain DELETE; else DELETE … RETURNING reads it
            Removed known = recipient.takePushed(messageId);
            Optional<Removed> removed = known == null ? queue.remove(recipient.id(), messageId)
                    : queue.removeKnown(recipient.id(), messageId) ? Optional.of(known) : Optional.empty();
            if (removed.isEmpty()) {
                continue;
            }
            int bytes = removed.get().bodyBytes();
            long groupId = removed.get().groupId();
            if (groupId != 0) {
                int[] payload = payloads.get(messageId);
                if (payload != null) {
                    bytes = payload[1];
                    if (--payload[0] <= 0) {
                        payloads.remove(messageId);
                        queue.deleteGroupPayload(messageId);
                    }
                }
            }
            recipient.queued--;
            recipient.queuedBytes -= bytes;
            context.directory().addQueued(-1);
            receipt(context, removed.get().senderId(), groupId, messageId, now);
        }
    }

    private void receipt(WriteContext context, long senderId, long groupId, long messageId, long now) {
        if (groupId != 0 && !limits.groupReceipts()) {
            return;
        }
        Account sender = context.directory().account(senderId);
        if (sender == null) {
            return;
        }
        Connection connection = sender.connection();
        if (connection != null) {
            receipts.add(connection);
            receipts.add(new Receipt(messageId, recipient.name(), now));
        } else if (groupId == 0) {
            context.stores().queue().addReceipt(senderId, messageId, recipient.id(), now);
        }
    }

    @Override
    protected void committed(WriteContext context, Effects effects) {
        effects.reply(origin, requestId, new Ok());
        for (int i = 0; i < receipts.size(); i += 2) {
            effects.push((Connection) receipts.get(i), (Receipt) receipts.get(i + 1));
        }
    }

    /**
     * An Ack with frame id 0 (how the client sends them) is not answered even now: its sender asked for no answer
     * and could do nothing with one — the messages stay queued and come again at its next sign-in, where they are
     * recognised by id and acknowledged again. Told, a user would only see "try again shortly" out of nowhere.
     */
    @Override
    protected void failed(Effects effects, RuntimeException cause) {
        if (requestId == Frame.PUSH) {
            return;
        }
        effects.fail(origin, requestId, ErrorCode.UNAVAILABLE, Texts.STORE_UNAVAILABLE);
    }
}
