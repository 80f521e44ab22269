package dev.parley.server.net;

import dev.parley.server.account.AccountService;
import dev.parley.server.groups.GroupService;
import dev.parley.server.keys.KeyDirectory;
import dev.parley.server.presence.PresenceService;
import dev.parley.server.protocol.Refusal;
import dev.parley.server.protocol.Texts;
import dev.parley.server.routing.MessageRouter;
import dev.parley.server.state.Connection;
import dev.parley.wire.Ack;
import dev.parley.wire.CreateGroup;
import dev.parley.wire.ErrorCode;
import dev.parley.wire.FetchBundle;
import dev.parley.wire.Frame;
import dev.parley.wire.JoinGroup;
import dev.parley.wire.LeaveGroup;
import dev.parley.wire.ListGroups;
import dev.parley.wire.ListMembers;
import dev.parley.wire.ListUsers;
import dev.parley.wire.Ok;
import dev.parley.wire.Ping;
import dev.parley.wire.Pong;
import dev.parley.wire.PublishKeys;
import dev.parley.wire.Resume;
import dev.parley.wire.Send;
import dev.parley.wire.SendGroup;
import dev.parley.wire.SetPresence;
import dev.parley.wire.SignIn;
import dev.parley.wire.SignOut;
import dev.parley.wire.SignUp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each request to the service that owns it. The one place where a {@link Refusal} becomes an
 * Error frame, and where an unexpected failure becomes INTERNAL without a stack trace on the wire.
 * Called by {@link ConnectionHandler} for requests that passed the gate and the rate limiter; one for
 * all connections.
 */
public final class Dispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private final AccountService accounts;
    private final KeyDirectory keys;
    private final MessageRouter router;
    private final GroupService groups;
    private final PresenceService presence;

    public Dispatcher(AccountService accounts, KeyDirectory keys, MessageRouter router, GroupService groups,
                      PresenceService presence) {
        this.accounts = accounts;
        this.keys = keys;
        this.router = router;
        this.groups = groups;
        this.presence = presence;
    }

    /** Event loop only. */
    void dispatch(Connection connection, Frame frame) {
        long id = frame.id();
        try {
            switch (frame.message()) {
                case Ping ping -> connection.reply(id, new Pong(ping.nonce()));
                case SignUp request -> accounts.signUp(connection, id, request);
                case SignIn request -> accounts.signIn(connection, id, request);
                case Resume request -> accounts.resume(connection, id, request);
                case SignOut ignored -> accounts.signOut(connection, id);
                case PublishKeys request -> keys.publish(connection, id, request);
                case FetchBundle request -> keys.fetch(connection, id, request);
                case Send request -> router.send(connection, id, request);
                case SendGroup request -> router.sendGroup(connection, id, request);
                case Ack request -> router.ack(connection, id, request);
                case ListUsers ignored -> connection.reply(id, presence.list());
                case SetPresence request -> {
                    presence.set(connection, request);
                    connection.reply(id, new Ok());
                }
                case CreateGroup request -> groups.create(connection, id, request.group());
                case JoinGroup request -> groups.join(connection, id, request.group());
                case LeaveGroup request -> groups.leave(connection, id, request.group());
                case ListGroups ignored -> connection.reply(id, groups.list());
                case ListMembers request -> connection.reply(id, groups.members(request.group()));
                default -> connection.fail(id, ErrorCode.BAD_REQUEST, Texts.NOT_A_REQUEST);
            }
        } catch (Refusal refusal) {
            connection.fail(id, refusal.code(), refusal.sentence());
        } catch (RuntimeException e) {
            LOG.error("event=request_failed type={} connection={}", frame.message().type(), connection, e);
            connection.fail(id, ErrorCode.INTERNAL, "the server failed to handle that request");
        }
    }
}
