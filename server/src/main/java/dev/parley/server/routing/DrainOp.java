package dev.parley.server.routing;

import dev.parley.server.persist.Effects;
import dev.parley.server.persist.StoreOp;
import dev.parley.server.persist.WriteContext;
import dev.parley.server.protocol.Texts;
import dev.parley.server.state.Account;
import dev.parley.server.state.Connection;
import dev.parley.wire.ErrorCode;

/** The next page of a signed-in user's queue. */
final class DrainOp extends StoreOp {
    private final Deliveries deliveries;
    private final Connection connection;
    private Deliveries.Page page;
    private boolean emitted;

    DrainOp(Deliveries deliveries, Connection connection) {
        this.deliveries = deliveries;
        this.connection = connection;
    }

    @Override
    protected void execute(WriteContext context) {
        page = null;
        emitted = false;
        Account account = connection.attachedTo;
        if (account == null || account.connection() != connection || connection.isClosed() || connection.live) {
            return;
        }
        page = deliveries.read(context, connection, account);
    }

    /**
     * In op order with the batch's live pushes: a connection that turns live here gets its page before them. Not
     * ahead of frames still held for the connection ({@link Effects#ready}): then after the commit.
     */
    @Override
    protected void beforeCommit(Effects effects) {
        if (page != null && effects.ready(connection)) {
            deliveries.emit(effects, connection, page);
            emitted = true;
        }
    }

    @Override
    protected void committed(WriteContext context, Effects effects) {
        if (emitted) {
            return;
        }
        if (page != null) {
            deliveries.emit(effects, connection, page);
        } else {
            effects.run(connection, () -> connection.drainScheduled = false);
        }
    }

    @Override
    protected void failed(Effects effects, RuntimeException cause) {
        connection.live = false;
        effects.run(connection, () -> {
            connection.drainScheduled = false;
            connection.closeWith(ErrorCode.UNAVAILABLE, Texts.STORE_UNAVAILABLE);
        });
    }
}
