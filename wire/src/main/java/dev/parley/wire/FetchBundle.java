package dev.parley.wire;

/** Asks for a user's prekey bundle; consumes one of their one-time prekeys. */
public record FetchBundle(String username) implements Message {
    public FetchBundle {
        java.util.Objects.requireNonNull(username, "username");
    }

    @Override
    public MessageType type() {
        return MessageType.FETCH_BUNDLE;
    }

    @Override
    public void write(WireWriter writer) {
        writer.string(username);
    }

    static FetchBundle read(WireReader reader) throws MalformedFrameException {
        return new FetchBundle(reader.string(Limits.MAX_NAME_BYTES));
    }
}
