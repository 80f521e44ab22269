package dev.parley.server.routing;

import dev.parley.server.persist.Effects;
import dev.parley.server.persist.WriteContext;
import dev.parley.server.presence.PresenceService;
import dev.parley.server.protocol.Texts;
import dev.parley.server.state.Account;
import dev.parley.server.state.Connection;
import dev.parley.wire.ErrorCode;
import dev.parley.wire.KeysLow;
import dev.parley.wire.Presence;
import dev.parley.wire.SignedIn;
import java.util.function.LongSupplier;

/**
 * The step every successful sign-up, sign-in and resume ends with, on the store writer: make this the
 * user's one connection (closing an older one), answer SignedIn, and start pushing the queue.
 * Embedded in the operation that authenticated, so it runs in the same batch.
 */
public final class Attachment {
    private final Deliveries deliveries;
    private final PresenceService presence;
    private final LongSupplier nanoTime;
    private final int keysLowThreshold;
    private final Connection connection;
    private final long requestId;
    private final byte[] token;
    private final byte[] tokenHash;
    private Account account;
    private Connection previous;
    private Deliveries.Page page;
    private boolean skipped;

    public Attachment(Deliveries deliveries, PresenceService presence, LongSupplier nanoTime, int keysLowThreshold,
                      Connection connection, long requestId, byte[] token, byte[] tokenHash) {
        this.deliveries = deliveries;
        this.presence = presence;
        this.nanoTime = nanoTime;
        this.keysLowThreshold = keysLowThreshold;
        this.connection = connection;
        this.requestId = requestId;
        this.token = token;
        this.tokenHash = tokenHash;
    }

    public void execute(WriteContext context, Account who) {
        this.account = who;
        skipped = connection.isClosed();
        if (skipped) {
            return;
        }
        previous = who.connection();
        who.connection(connection);
        connection.attachedTo = who;
        context.holdPushes(connection);
        connection.live = false;
        connection.cursor = 0;
        page = deliveries.read(context, connection, who);
    }

    public void committed(WriteContext context, Effects effects) {
        if (skipped) {
            return;
        }
        Account who = account;
        who.presence(Presence.ONLINE, context.nowMillis());
        context.directory().markOnline(who);
        Connection older = previous;
        if (older != null && older != connection) {
            older.attachedTo = null;
            effects.run(older, () -> {
                older.signedOut(nanoTime.getAsLong());
                older.closeWith(ErrorCode.ALREADY_SIGNED_IN, Texts.TAKEN_OVER);
            });
        }
        int keysLeft = who.oneTimePreKeys;
        effects.run(connection, () -> {
            connection.authenticating = false;
            connection.signedIn(who, tokenHash);
            connection.drainScheduled = true;
        });
        effects.reply(connection, requestId, new SignedIn(who.name(), token, keysLeft));
        if (keysLeft < keysLowThreshold) {
            effects.push(connection, new KeysLow(keysLeft));
        }
        deliveries.emit(effects, connection, page);
        presence.announce(who, effects);
    }

    public void failed(Effects effects) {
        if (!skipped && account != null && account.connection() == connection) {
            account.connection(previous);
            connection.attachedTo = null;
            connection.live = false;
        }
        effects.fail(connection, requestId, ErrorCode.UNAVAILABLE, Texts.STORE_UNAVAILABLE);
        effects.run(connection, () -> connection.authenticating = false);
    }
}
