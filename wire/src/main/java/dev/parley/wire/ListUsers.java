package dev.parley.wire;

/** Asks for every user with presence. */
public record ListUsers() implements Message {
    @Override
    public MessageType type() {
        return MessageType.LIST_USERS;
    }

    @Override
    public void write(WireWriter writer) {
    }

    static ListUsers read(WireReader reader) throws MalformedFrameException {
        return new ListUsers();
    }
}
