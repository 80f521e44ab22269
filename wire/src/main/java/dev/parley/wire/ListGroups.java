package dev.parley.wire;

/** Asks for every group with its number of participants. */
public record ListGroups() implements Message {
    @Override
    public MessageType type() {
        return MessageType.LIST_GROUPS;
    }

    @Override
    public void write(WireWriter writer) {
    }

    static ListGroups read(WireReader reader) throws MalformedFrameException {
        return new ListGroups();
    }
}
