package dev.parley.wire;

import java.util.List;

/** Push: a user joined or left a group this client is in; members is the membership after the change. */
public record MembershipChanged(String group, String user, boolean joined, List<String> members) implements Message {
    public MembershipChanged {
        java.util.Objects.requireNonNull(group, "group");
        java.util.Objects.requireNonNull(user, "user");
        members = List.copyOf(members);
    }

    @Override
    public MessageType type() {
        return MessageType.MEMBERSHIP_CHANGED;
    }

    @Override
    public void write(WireWriter writer) {
        writer.string(group);
        writer.string(user);
        writer.bool(joined);
        writer.list(members, WireWriter::string);
    }

    static MembershipChanged read(WireReader reader) throws MalformedFrameException {
        return new MembershipChanged(reader.string(Limits.MAX_NAME_BYTES),
                reader.string(Limits.MAX_NAME_BYTES),
                reader.bool(),
                reader.list(Limits.MAX_LIST_ITEMS, r -> r.string(Limits.MAX_NAME_BYTES)));
    }
}
