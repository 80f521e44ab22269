package dev.parley.wire;

/** Joins a group, creating it first if it does not exist. */
public record JoinGroup(String group) implements Message {
    public JoinGroup {
        java.util.Objects.requireNonNull(group, "group");
    }

    @Override
    public MessageType type() {
        return MessageType.JOIN_GROUP;
    }

    @Override
    public void write(WireWriter writer) {
        writer.string(group);
    }

    static JoinGroup read(WireReader reader) throws MalformedFrameException {
        return new JoinGroup(reader.string(Limits.MAX_NAME_BYTES));
    }
}
