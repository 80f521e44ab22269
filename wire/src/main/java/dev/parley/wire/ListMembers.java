package dev.parley.wire;

/** Asks for the members of a group. */
public record ListMembers(String group) implements Message {
    public ListMembers {
        java.util.Objects.requireNonNull(group, "group");
    }

    @Override
    public MessageType type() {
        return MessageType.LIST_MEMBERS;
    }

    @Override
    public void write(WireWriter writer) {
        writer.string(group);
    }

    static ListMembers read(WireReader reader) throws MalformedFrameException {
        return new ListMembers(reader.string(Limits.MAX_NAME_BYTES));
    }
}
