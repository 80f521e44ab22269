package dev.parley.wire;

/** Push: a user's presence changed. */
public record PresenceUpdate(UserPresence user) implements Message {
    public PresenceUpdate {
        java.util.Objects.requireNonNull(user, "user");
    }

    @Override
    public MessageType type() {
        return MessageType.PRESENCE_UPDATE;
    }

    @Override
    public void write(WireWriter writer) {
        user.write(writer);
    }

    static PresenceUpdate read(WireReader reader) throws MalformedFrameException {
        return new PresenceUpdate(UserPresence.read(reader));
    }
}
