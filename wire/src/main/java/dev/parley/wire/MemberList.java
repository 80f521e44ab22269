package dev.parley.wire;

import java.util.List;

/** The members of one group. */
public record MemberList(String group, List<String> members) implements Message {
    public MemberList {
        java.util.Objects.requireNonNull(group, "group");
        members = List.copyOf(members);
    }

    @Override
    public MessageType type() {
        return MessageType.MEMBER_LIST;
    }

    @Override
    public void write(WireWriter writer) {
        writer.string(group);
        writer.list(members, WireWriter::string);
    }

    static MemberList read(WireReader reader) throws MalformedFrameException {
        return new MemberList(reader.string(Limits.MAX_NAME_BYTES),
                reader.list(Limits.MAX_LIST_ITEMS, r -> r.string(Limits.MAX_NAME_BYTES)));
    }
}
