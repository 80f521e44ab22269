package dev.parley.server.routing;

import dev.parley.server.persist.Effects;
import dev.parley.server.persist.StoreOp;
import dev.parley.server.persist.WriteContext;
import dev.parley.server.presence.PresenceService;
import dev.parley.server.protocol.Texts;
import dev.parley.server.state.Account;
import dev.parley.server.state.Connection;
import dev.parley.server.state.Directory;
import dev.parley.wire.ErrorCode;
import dev.parley.wire.Ok;
import dev.parley.wire.Presence;
import java.util.function.LongSupplier;

/**
 * A connection ended (or signed out): if it is still the user's connection, the user goes offline
 * with last seen now. A sign-out also revokes the session token and is answered with Ok.
 */
public final class DetachOp extends StoreOp {
    private final Directory directory;
    private final PresenceService presence;
    private final Connection connection;
    private final boolean signOut;
    private final long requestId;
    private final LongSupplier nanoTime;
    private Account detached;

    private DetachOp(Directory directory, PresenceService presence, Connection connection, boolean signOut, long requestId,
                     LongSupplier nanoTime) {
        this.directory = directory;
        this.presence = presence;
        this.connection = connection;
        this.signOut = signOut;
        this.requestId = requestId;
        this.nanoTime = nanoTime;
    }

    public static DetachOp closed(Directory directory, PresenceService presence, Connection connection) {
        return new DetachOp(directory, presence, connection, false, 0, System::nanoTime);
    }

    public static DetachOp signOut(Directory directory, PresenceService presence, Connection connection, long requestId,
                                   LongSupplier nanoTime) {
        return new DetachOp(directory, presence, connection, true, requestId, nanoTime);
    }

    @Override
    protected void execute(WriteContext context) {
        detached = null;
        if (signOut && connection.sessionHash() != null) {
            context.stores().tokens().remove(connection.sessionHash());
        }
        Account account = connection.attachedTo;
        if (account == null || account.connection() != connection) {
            return;
        }
        long now = context.nowMillis();
        account.connection(null);
        account.presence(Presence.OFFLINE, now);
        connection.attachedTo = null;
        connection.live = false;
        account.forgetPushed();
        detached = account;
        context.stores().accounts().setLastSeen(account.id(), now);
    }

    @Override
    protected void committed(WriteContext context, Effects effects) {
        wentOffline(effects);
        if (signOut) {
            effects.run(connection, () -> connection.signedOut(nanoTime.getAsLong()));
            effects.reply(connection, requestId, new Ok());
        }
    }

    /** Presence changed in memory already; only last seen (and a sign-out's revocation) were not stored. */
    @Override
    protected void failed(Effects effects, RuntimeException cause) {
        wentOffline(effects);
        if (signOut) {
            effects.run(connection, () -> connection.closeWith(ErrorCode.UNAVAILABLE, Texts.STORE_UNAVAILABLE));
        }
    }

    private void wentOffline(Effects effects) {
        if (detached != null) {
            directory.markOffline(detached);
            presence.announce(detached, effects);
        }
    }
}
