package dev.parley.server.routing;

import dev.parley.server.persist.Effects;
import dev.parley.server.persist.StoreOp;
import dev.parley.server.persist.WriteContext;
import dev.parley.server.protocol.Texts;
import dev.parley.server.state.Account;
import dev.parley.server.state.Connection;
import dev.parley.server.store.QueueStore.Removed;
import dev.parley.wire.Accepted;
import dev.parley.wire.ErrorCode;
import dev.parley.wire.Frame;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/** A direct message: stored in the recipient's queue, pushed if they are live, and Accepted once durable. */
final class SendOp extends StoreOp {
    private final Deliveries deliveries;
    private final RoutingLimits limits;
    private final Connection origin;
    private final long requestId;
    private final Account sender;
    private final Account recipient;
    private final long clientMessageId;
    private final byte[] payload;
    private final List<Connection> pushes = new ArrayList<>(1);
    private final List<Connection> behind = new ArrayList<>(0);
    private long messageId;
    private long at;
    private boolean full;

    SendOp(Deliveries deliveries, RoutingLimits limits, Connection origin, long requestId, Account sender, Account recipient,
           long clientMessageId, byte[] payload) {
        this.deliveries = deliveries;
        this.limits = limits;
        this.origin = origin;
        this.requestId = requestId;
        this.sender = sender;
        this.recipient = recipient;
        this.clientMessageId = clientMessageId;
        this.payload = payload;
    }

    @Override
    protected void execute(WriteContext context) {
        pushes.clear();
        behind.clear();
        full = false;
        at = context.nowMillis();
        if (!limits.hasRoom(recipient, payload.length)) {
            OptionalLong earlier = Sends.earlier(context, sender, clientMessageId);
            full = earlier.isEmpty();
            messageId = earlier.orElse(0);
            return;
        }
        long id = context.nextMessageId();
        OptionalLong earlier = Sends.claim(context, sender, clientMessageId, id, limits.dedupPerSender());
        if (earlier.isPresent()) {
            messageId = earlier.getAsLong(); // a resend: answered with the first id, nothing stored again
            return;
        }
        messageId = id;
        context.stores().queue().enqueueDirect(recipient.id(), messageId, sender.id(), at, payload);
        Sends.counted(context, recipient, payload.length);
        Sends.route(recipient, messageId, new Removed(sender.id(), 0, payload.length), pushes, behind);
    }

    @Override
    protected void beforeCommit(Effects effects) {
        Sends.push(effects, deliveries, pushes, behind, this::frame);
    }

    @Override
    protected void committed(WriteContext context, Effects effects) {
        if (full) {
            effects.fail(origin, requestId, ErrorCode.QUEUE_FULL, Texts.queueFull(recipient.name()));
            return;
        }
        effects.reply(origin, requestId, new Accepted(messageId, at));
        Sends.push(effects, deliveries, pushes, behind, this::frame);
    }

    private Object frame() {
        return Frame.push(deliveries.deliver(messageId, sender.id(), 0, at, payload));
    }

    @Override
    protected void failed(Effects effects, RuntimeException cause) {
        effects.fail(origin, requestId, ErrorCode.UNAVAILABLE, Texts.STORE_UNAVAILABLE);
    }
}
