package dev.parley.server.groups;

import dev.parley.server.account.Names;
import dev.parley.server.persist.Effects;
import dev.parley.server.persist.StoreOp;
import dev.parley.server.persist.StoreWriter;
import dev.parley.server.persist.WriteContext;
import dev.parley.server.protocol.Refusal;
import dev.parley.server.protocol.Texts;
import dev.parley.server.state.Account;
import dev.parley.server.state.Connection;
import dev.parley.server.state.Directory;
import dev.parley.server.state.Group;
import dev.parley.server.store.GroupStore;
import dev.parley.wire.ErrorCode;
import dev.parley.wire.GroupInfo;
import dev.parley.wire.GroupList;
import dev.parley.wire.GroupSummary;
import dev.parley.wire.Limits;
import dev.parley.wire.MemberList;
import dev.parley.wire.MembershipChanged;
import dev.parley.wire.Ok;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Group membership. The server keeps who is in which group and nothing else: no group key, no
 * plaintext. Changes run on the store writer against the database (so two users joining a new
 * group in the same batch see each other's insert: one creates, both join), and every current
 * member plus the joiner or leaver hears MembershipChanged with the members after the change.
 * Groups are kept when they empty, so a name stays reserved.
 */
public final class GroupService {
    /** Group limits. */
    public record Policy(int maxMembers, int maxGroupsPerUser) {
    }

    private final Policy policy;
    private final Directory directory;
    private final StoreWriter writer;

    public GroupService(Policy policy, Directory directory, StoreWriter writer) {
        this.policy = policy;
        this.directory = directory;
        this.writer = writer;
    }

    public void create(Connection connection, long requestId, String rawName) {
        String name = Names.group(rawName);
        if (directory.group(name) != null) {
            throw new Refusal(ErrorCode.GROUP_EXISTS, Texts.groupExists(name));
        }
        submit(new JoinOp(connection, requestId, connection.account(), name, true));
    }

    public void join(Connection connection, long requestId, String rawName) {
        submit(new JoinOp(connection, requestId, connection.account(), Names.group(rawName), false));
    }

    public void leave(Connection connection, long requestId, String rawName) {
        Group group = existing(rawName);
        if (!group.contains(connection.account())) {
            throw new Refusal(ErrorCode.NOT_A_MEMBER, Texts.notAMember(group.name()));
        }
        submit(new LeaveOp(connection, requestId, connection.account(), group));
    }

    /** Every group with its number of members, by name (capped at the protocol's list limit). */
    public GroupList list() {
        List<Group> groups = new ArrayList<>(directory.groups());
        groups.sort(Comparator.comparing(Group::name));
        List<GroupSummary> summaries = new ArrayList<>(Math.min(groups.size(), Limits.MAX_LIST_ITEMS));
        for (Group group : groups) {
            if (summaries.size() == Limits.MAX_LIST_ITEMS) {
                break;
            }
            summaries.add(new GroupSummary(group.name(), group.size()));
        }
        return new GroupList(summaries);
    }

    public MemberList members(String rawName) {
        Group group = existing(rawName);
        return new MemberList(group.name(), group.memberNames());
    }

    private Group existing(String rawName) {
        Group group = Names.canonical(rawName).map(directory::group).orElse(null);
        if (group == null) {
            throw new Refusal(ErrorCode.UNKNOWN_GROUP, Texts.unknownGroup(rawName));
        }
        return group;
    }

    private void submit(StoreOp op) {
        if (!writer.submit(op)) {
            throw new Refusal(ErrorCode.UNAVAILABLE, Texts.BUSY);
        }
    }

    private static void announce(Effects effects, Group group, Account subject, boolean joined) {
        MembershipChanged change = new MembershipChanged(group.name(), subject.name(), joined, group.memberNames());
        boolean subjectIncluded = false;
        for (Account member : group.members()) {
            subjectIncluded |= member == subject;
            push(effects, member, change);
        }
        if (!subjectIncluded) {
            push(effects, subject, change);
        }
    }

    private static void push(Effects effects, Account account, MembershipChanged change) {
        Connection connection = account.connection();
        if (connection != null) {
            effects.push(connection, change);
        }
    }

    /** Create (must be new) or join (created if missing; joining twice is harmless). */
    private final class JoinOp extends StoreOp {
        private final Connection connection;
        private final long requestId;
        private final Account account;
        private final String name;
        private final boolean mustCreate;
        private Refusal refusal;
        private long groupId;
        private boolean created;
        private boolean added;

        JoinOp(Connection connection, long requestId, Account account, String name, boolean mustCreate) {
            this.connection = connection;
            this.requestId = requestId;
            this.account = account;
            this.name = name;
            this.mustCreate = mustCreate;
        }

        @Override
        protected void execute(WriteContext context) {
            refusal = null;
            created = false;
            added = false;
            GroupStore groups = context.stores().groups();
            long now = context.nowMillis();
            Optional<Long> existing = groups.find(name);
            if (existing.isPresent() && mustCreate) {
                refusal = new Refusal(ErrorCode.GROUP_EXISTS, Texts.groupExists(name));
                return;
            }
            if (existing.isPresent() && isMember(context, existing.get())) {
                groupId = existing.get();
                return;
            }
            if (groups.groupCount(account.id()) >= policy.maxGroupsPerUser()) {
                refusal = new Refusal(ErrorCode.LIMIT_REACHED, Texts.tooManyGroups(policy.maxGroupsPerUser()));
                return;
            }
            if (existing.isPresent()) {
                groupId = existing.get();
                if (groups.memberCount(groupId) >= policy.maxMembers()) {
                    refusal = new Refusal(ErrorCode.LIMIT_REACHED, Texts.groupFull(name, policy.maxMembers()));
                    return;
                }
            } else {
                groupId = groups.create(name, now).orElseThrow();
                created = true;
            }
            added = groups.addMember(groupId, account.id(), now);
        }

        private boolean isMember(WriteContext context, long id) {
            Group group = context.directory().group(id);
            return group != null && group.contains(account);
        }

        @Override
        protected void committed(WriteContext context, Effects effects) {
            if (refusal != null) {
                effects.fail(connection, requestId, refusal.code(), refusal.sentence());
                return;
            }
            Group group = context.directory().group(groupId);
            if (group == null) {
                group = new Group(groupId, name);
                context.directory().add(group);
            }
            if (added) {
                group.add(account);
                account.joined(group);
            }
            effects.reply(connection, requestId, new GroupInfo(group.name(), group.size(), created));
            if (added) {
                announce(effects, group, account, true);
            }
        }

        @Override
        protected void failed(Effects effects, RuntimeException cause) {
            effects.fail(connection, requestId, ErrorCode.UNAVAILABLE, Texts.STORE_UNAVAILABLE);
        }
    }

    private final class LeaveOp extends StoreOp {
        private final Connection connection;
        private final long requestId;
        private final Account account;
        private final Group group;
        private boolean removed;

        LeaveOp(Connection connection, long requestId, Account account, Group group) {
            this.connection = connection;
            this.requestId = requestId;
            this.account = account;
            this.group = group;
        }

        @Override
        protected void execute(WriteContext context) {
            removed = context.stores().groups().removeMember(group.id(), account.id());
        }

        @Override
        protected void committed(WriteContext context, Effects effects) {
            if (!removed) {
                effects.fail(connection, requestId, ErrorCode.NOT_A_MEMBER, Texts.notAMember(group.name()));
                return;
            }
            group.remove(account);
            account.left(group);
            effects.reply(connection, requestId, new Ok());
            announce(effects, group, account, false);
        }

        @Override
        protected void failed(Effects effects, RuntimeException cause) {
            effects.fail(connection, requestId, ErrorCode.UNAVAILABLE, Texts.STORE_UNAVAILABLE);
        }
    }
}
