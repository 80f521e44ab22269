package dev.parley.wire;

/** Leaves a group. */
public record LeaveGroup(String group) implements Message {
    public LeaveGroup {
        java.util.Objects.requireNonNull(group, "group");
    }

    @Override
    public MessageType type() {
        return MessageType.LEAVE_GROUP;
    }

    @Override
    public void write(WireWriter writer) {
        writer.string(group);
    }

    static LeaveGroup read(WireReader reader) throws MalformedFrameException {
        return new LeaveGroup(reader.string(Limits.MAX_NAME_BYTES));
    }
}
