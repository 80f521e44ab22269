package dev.parley.server.routing;

import dev.parley.server.net.Frames;
import dev.parley.server.persist.Effects;
import dev.parley.server.persist.StoreOp;
import dev.parley.server.persist.WriteContext;
import dev.parley.server.protocol.Texts;
import dev.parley.server.state.Account;
import dev.parley.server.state.Connection;
import dev.parley.server.state.Group;
import dev.parley.server.store.QueueStore.Removed;
import dev.parley.wire.Accepted;
import dev.parley.wire.ErrorCode;
import dev.parley.wire.Frame;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * A group message: the ciphertext is stored once, every other member gets a queue entry pointing at
 * it (all in the same transaction, before Accepted), and live members get the same encoded Deliver
 * frame, encoded once. Members whose queue is full are skipped (and logged), not the whole send.
 */
final class SendGroupOp extends StoreOp {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SendGroupOp.class);

    private final Deliveries deliveries;
    private final RoutingLimits limits;
    private final Connection origin;
    private final long requestId;
    private final Account sender;
    private final Group group;
    private final long clientMessageId;
    private final byte[] payload;
    private final List<Connection> pushes = new ArrayList<>();
    private final List<Connection> behind = new ArrayList<>(0);
    private long messageId;
    private long at;
    private boolean notMember;
    private int skipped;
    private byte[] encoded;

    SendGroupOp(Deliveries deliveries, RoutingLimits limits, Connection origin, long requestId, Account sender, Group group,
                long clientMessageId, byte[] payload) {
        this.deliveries = deliveries;
        this.limits = limits;
        this.origin = origin;
        this.requestId = requestId;
        this.sender = sender;
        this.group = group;
        this.clientMessageId = clientMessageId;
        this.payload = payload;
    }

    @Override
    protected void execute(WriteContext context) {
        pushes.clear();
        behind.clear();
        encoded = null;
        skipped = 0;
        at = context.nowMillis();
        List<Account> members = group.members();
        notMember = !members.contains(sender);
        if (notMember) {
            return;
        }
        long id = context.nextMessageId();
        OptionalLong earlier = Sends.claim(context, sender, clientMessageId, id, limits.dedupPerSender());
        if (earlier.isPresent()) {
            messageId = earlier.getAsLong(); // a resend: answered with the first id, nothing stored again
            return;
        }
        messageId = id;
        List<Account> recipients = new ArrayList<>(members.size());
        for (Account member : members) {
            if (member == sender) {
                continue;
            }
            if (limits.hasRoom(member, payload.length)) {
                recipients.add(member);
            } else {
                skipped++;
            }
        }
        if (!recipients.isEmpty()) {
            context.stores().queue().storeGroupPayload(messageId, payload);
            context.directory().groupPayloads().put(messageId, new int[] {recipients.size(), payload.length});
            Removed row = new Removed(sender.id(), group.id(), 0); // a member's entry holds no body: the group's payload does
            for (Account recipient : recipients) {
                context.stores().queue().enqueueGroupEntry(recipient.id(), messageId, sender.id(), group.id(), at);
                Sends.counted(context, recipient, payload.length);
                Sends.route(recipient, messageId, row, pushes, behind);
            }
        }
    }

    @Override
    protected void committed(WriteContext context, Effects effects) {
        if (notMember) {
            effects.fail(origin, requestId, ErrorCode.NOT_A_MEMBER, Texts.notAMember(group.name()));
            return;
        }
        if (skipped > 0) {
            LOG.warn("event=group_members_skipped group={} message={} skipped={} reason=queue_full", group.name(), messageId, skipped);
        }
        effects.reply(origin, requestId, new Accepted(messageId, at));
        Sends.push(effects, deliveries, pushes, behind, this::frame);
    }

    @Override
    protected void beforeCommit(Effects effects) {
        Sends.push(effects, deliveries, pushes, behind, this::frame);
    }

    /** The Deliver frame, encoded once for every member, each push a view of the same bytes. */
    private Object frame() {
        if (encoded == null) {
            encoded = Frames.encode(Frame.push(deliveries.deliver(messageId, sender.id(), group.id(), at, payload)));
        }
        return Unpooled.wrappedBuffer(encoded);
    }

    @Override
    protected void failed(Effects effects, RuntimeException cause) {
        effects.fail(origin, requestId, ErrorCode.UNAVAILABLE, Texts.STORE_UNAVAILABLE);
    }
}
