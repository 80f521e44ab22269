package dev.parley.wire;

/** Result of create or join: the group, its member count, whether this request created it. */
public record GroupInfo(String group, int members, boolean created) implements Message {
    public GroupInfo {
        java.util.Objects.requireNonNull(group, "group");
    }

    @Override
    public MessageType type() {
        return MessageType.GROUP_INFO;
    }

    @Override
    public void write(WireWriter writer) {
        writer.string(group);
        writer.i32(members);
        writer.bool(created);
    }

    static GroupInfo read(WireReader reader) throws MalformedFrameException {
        return new GroupInfo(reader.string(Limits.MAX_NAME_BYTES),
                reader.i32(),
                reader.bool());
    }
}
