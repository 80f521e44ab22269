package dev.parley.client.groups;

import dev.parley.client.connection.ServerErrorException;
import dev.parley.client.core.Context;
import dev.parley.client.events.ClientEvent;
import dev.parley.client.store.GroupStore;
import dev.parley.wire.CreateGroup;
import dev.parley.wire.GroupInfo;
import dev.parley.wire.JoinGroup;
import dev.parley.wire.LeaveGroup;
import dev.parley.wire.ListMembers;
import dev.parley.wire.MemberList;
import dev.parley.wire.MembershipChanged;
import dev.parley.wire.Ok;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which groups we are in and who else is: kept from the server's answers and pushes, and checked
 * against the server at every sign-in (someone may have left while we were offline, and then our
 * key must be replaced before we send again). Runs on the worker.
 */
public final class Membership {

    private static final Logger log = LoggerFactory.getLogger(Membership.class);

    /** A group after create or join. */
    public record Joined(String group, List<String> members, boolean created) {
        public Joined {
            members = List.copyOf(members);
        }
    }

    private final Context context;
    private final GroupKeys keys;

    public Membership(Context context, GroupKeys keys) {
        this.context = context;
        this.keys = keys;
    }

    public Joined create(String group) throws ServerErrorException, IOException {
        GroupInfo info = context.server().call(new CreateGroup(group), GroupInfo.class);
        return joined(info);
    }

    public Joined join(String group) throws ServerErrorException, IOException {
        GroupInfo info = context.server().call(new JoinGroup(group), GroupInfo.class);
        return joined(info);
    }

    private Joined joined(GroupInfo info) throws ServerErrorException, IOException {
        MemberList members = context.server().call(new ListMembers(info.group()), MemberList.class);
        GroupStore groups = context.account().groups();
        context.account().db().inTransaction(() -> {
            if (groups.isMember(info.group())) {
                // joining twice is harmless: keep our key and the keys others already gave us
                groups.replaceMembers(info.group(), members.members());
            } else {
                groups.joined(info.group(), members.members());
                keys.freshKey(info.group());
            }
            return null;
        });
        return new Joined(info.group(), members.members(), info.created());
    }

    public void leave(String group) throws ServerErrorException, IOException {
        context.server().call(new LeaveGroup(group), Ok.class);
        forget(group);
    }

    private void forget(String group) {
        context.account().db().inTransaction(() -> {
            context.account().groups().left(group);
            keys.forget(group);
            return null;
        });
    }

    /** Asks the server for a group's members and updates what we know if we are in it. */
    public MemberList members(String group) throws ServerErrorException, IOException {
        MemberList list = context.server().call(new ListMembers(group), MemberList.class);
        boolean inIt = list.members().stream().anyMatch(m -> m.equalsIgnoreCase(context.self()));
        GroupStore groups = context.account().groups();
        if (inIt) {
            if (groups.isMember(list.group())) {
                groups.replaceMembers(list.group(), list.members());
            } else {
                groups.joined(list.group(), list.members());
            }
        } else if (groups.isMember(list.group())) {
            forget(list.group());
        }
        return list;
    }

    /** Makes sure we know a group's members before sending to it. */
    public void ensureKnown(String group) throws ServerErrorException, IOException {
        if (!context.account().groups().isMember(group)) {
            members(group);
        }
    }

    public void changed(MembershipChanged change) {
        boolean self = change.user().equalsIgnoreCase(context.self());
        GroupStore groups = context.account().groups();
        context.account().db().inTransaction(() -> {
            if (self && !change.joined()) {
                groups.left(change.group());
                keys.forget(change.group());
            } else if (!groups.isMember(change.group())) {
                groups.joined(change.group(), change.members());
            } else {
                groups.replaceMembers(change.group(), change.members());
                if (!change.joined()) {
                    groups.markForRotation(change.group());
                    keys.memberLeft(change.group(), change.user());
                }
            }
            return null;
        });
        if (!self) {
            context.publish(new ClientEvent.MembershipChanged(change.group(), change.user(), change.joined(),
                    change.members()));
        }
    }

    /** Brings every group we think we are in up to date with the server. */
    public void reconcile() {
        for (String group : context.account().groups().groups()) {
            try {
                members(group);
            } catch (ServerErrorException e) {
                if (e.code() == dev.parley.wire.ErrorCode.UNKNOWN_GROUP || e.code() == dev.parley.wire.ErrorCode.NOT_A_MEMBER) {
                    log.info("no longer in {}: {}", group, e.getMessage());
                    forget(group);
                } else {
                    log.info("checking {} failed: {}", group, e.getMessage());
                }
            } catch (IOException e) {
                log.info("checking groups stopped: {}", e.getMessage());
                return;
            }
        }
    }
}
