package dev.parley.server.routing;

import dev.parley.server.account.Names;
import dev.parley.server.persist.StoreWriter;
import dev.parley.server.protocol.Refusal;
import dev.parley.server.protocol.Texts;
import dev.parley.server.state.Account;
import dev.parley.server.state.Connection;
import dev.parley.server.state.Directory;
import dev.parley.server.state.Group;
import dev.parley.wire.Ack;
import dev.parley.wire.ErrorCode;
import dev.parley.wire.Send;
import dev.parley.wire.SendGroup;
import java.util.concurrent.atomic.LongAdder;

/**
 * Event-loop side of messaging: cheap checks against memory (recipient, group, size), then the work
 * goes to the store writer. Nothing here blocks.
 */
public final class MessageRouter {
    private final Directory directory;
    private final StoreWriter writer;
    private final Deliveries deliveries;
    private final RoutingLimits limits;
    private final int maxPayloadBytes;
    private final LongAdder routed = new LongAdder();

    public MessageRouter(Directory directory, StoreWriter writer, Deliveries deliveries, RoutingLimits limits, int maxPayloadBytes) {
        this.directory = directory;
        this.writer = writer;
        this.deliveries = deliveries;
        this.limits = limits;
        this.maxPayloadBytes = maxPayloadBytes;
    }

    public void send(Connection connection, long requestId, Send send) {
        byte[] payload = checkedPayload(send.payload());
        Account recipient = Names.canonical(send.recipient()).map(directory::account).orElse(null);
        if (recipient == null) {
            throw new Refusal(ErrorCode.UNKNOWN_USER, Texts.unknownUser(send.recipient()));
        }
        taken(writer.submit(new SendOp(deliveries, limits, connection, requestId, connection.account(), recipient,
                send.clientMessageId(), payload)));
        routed.increment();
    }

    public void sendGroup(Connection connection, long requestId, SendGroup send) {
        byte[] payload = checkedPayload(send.payload());
        Group group = Names.canonical(send.group()).map(directory::group).orElse(null);
        if (group == null) {
            throw new Refusal(ErrorCode.UNKNOWN_GROUP, Texts.unknownGroup(send.group()));
        }
        taken(writer.submit(new SendGroupOp(deliveries, limits, connection, requestId, connection.account(), group,
                send.clientMessageId(), payload)));
        routed.increment();
    }

    public void ack(Connection connection, long requestId, Ack ack) {
        taken(writer.submitRelief(new AckOp(limits, connection, requestId, connection.account(), ack.messageIds())));
    }

    /** Send and SendGroup requests handed to the store since start (for metrics). */
    public long routed() {
        return routed.sum();
    }

    private byte[] checkedPayload(byte[] payload) {
        if (payload.length == 0) {
            throw new Refusal(ErrorCode.BAD_REQUEST, Texts.EMPTY_MESSAGE);
        }
        if (payload.length > maxPayloadBytes) {
            throw new Refusal(ErrorCode.TOO_LARGE, String.format(Texts.PAYLOAD_TOO_LARGE, maxPayloadBytes));
        }
        return payload;
    }

    /** Refuses the request as busy when the store writer did not take its operation. */
    private static void taken(boolean taken) {
        if (!taken) {
            throw new Refusal(ErrorCode.UNAVAILABLE, Texts.BUSY);
        }
    }
}
