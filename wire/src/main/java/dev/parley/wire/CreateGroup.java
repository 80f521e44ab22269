package dev.parley.wire;

/** Creates a group and joins its creator; fails if it exists. */
public record CreateGroup(String group) implements Message {
    public CreateGroup {
        java.util.Objects.requireNonNull(group, "group");
    }

    @Override
    public MessageType type() {
        return MessageType.CREATE_GROUP;
    }

    @Override
    public void write(WireWriter writer) {
        writer.string(group);
    }

    static CreateGroup read(WireReader reader) throws MalformedFrameException {
        return new CreateGroup(reader.string(Limits.MAX_NAME_BYTES));
    }
}
