package dev.parley.server.presence;

import dev.parley.server.persist.Effects;
import dev.parley.server.protocol.Refusal;
import dev.parley.server.state.Account;
import dev.parley.server.state.Connection;
import dev.parley.server.state.Directory;
import dev.parley.server.state.Group;
import dev.parley.wire.ErrorCode;
import dev.parley.wire.Presence;
import dev.parley.wire.PresenceUpdate;
import dev.parley.wire.SetPresence;
import dev.parley.wire.UserList;
import dev.parley.wire.UserPresence;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Online while connected, away when the client says so, offline with last seen when the connection
 * ends. A change is pushed to the people who plausibly care without costing O(users²): everyone who
 * shares a group with the user, and, while no more than {@code broadcastLimit} users are online,
 * everyone online. Everyone can always ask with ListUsers.
 */
public final class PresenceService {
    private static final Comparator<Account> ONLINE_FIRST_THEN_NAME = Comparator
            .comparing((Account account) -> account.presence() == Presence.OFFLINE)
            .thenComparing(Account::name);

    private final Directory directory;
    private final Clock clock;
    private final int broadcastLimit;
    private final int maxUserList;

    public PresenceService(Directory directory, Clock clock, int broadcastLimit, int maxUserList) {
        this.directory = directory;
        this.clock = clock;
        this.broadcastLimit = broadcastLimit;
        this.maxUserList = maxUserList;
    }

    /** ListUsers: every user (up to the cap), online and away first, then by name. */
    public UserList list() {
        List<Account> accounts = new ArrayList<>(directory.accounts());
        accounts.sort(ONLINE_FIRST_THEN_NAME);
        List<UserPresence> users = new ArrayList<>(Math.min(accounts.size(), maxUserList));
        for (Account account : accounts) {
            if (users.size() == maxUserList) {
                break;
            }
            users.add(view(account));
        }
        return new UserList(users);
    }

    /** SetPresence on the event loop: online or away. */
    public void set(Connection connection, SetPresence request) {
        if (request.presence() == Presence.OFFLINE) {
            throw new Refusal(ErrorCode.BAD_REQUEST, "presence can be set to online or away");
        }
        Account account = connection.account();
        if (account.presence() == request.presence()) {
            return;
        }
        account.presence(request.presence(), clock.millis());
        announce(account, Connection::send);
    }

    /** Store writer: queue the change for everyone who should hear of it. */
    public void announce(Account account, Effects effects) {
        announce(account, effects::send);
    }

    private void announce(Account account, BiConsumer<Connection, Object> sender) {
        PresenceUpdate update = new PresenceUpdate(view(account));
        Map<Connection, Boolean> audience = new IdentityHashMap<>();
        for (Group group : account.groups()) {
            for (Account member : group.members()) {
                addIfOnline(audience, member, account);
            }
        }
        if (directory.online().size() <= broadcastLimit) {
            for (Account other : directory.online()) {
                addIfOnline(audience, other, account);
            }
        }
        for (Connection connection : audience.keySet()) {
            sender.accept(connection, dev.parley.wire.Frame.push(update));
        }
    }

    private static void addIfOnline(Map<Connection, Boolean> audience, Account candidate, Account subject) {
        if (candidate == subject) {
            return;
        }
        Connection connection = candidate.connection();
        if (connection != null && connection.account() != null) {
            audience.put(connection, Boolean.TRUE);
        }
    }

    public static UserPresence view(Account account) {
        return new UserPresence(account.name(), account.presence(), account.lastSeenMillis());
    }
}
