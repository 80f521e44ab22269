package dev.parley.wire;

/** A user and how reachable they are; lastSeenMillis is 0 when never seen. */
public record UserPresence(String username, Presence presence, long lastSeenMillis) {
    public UserPresence {
        java.util.Objects.requireNonNull(username, "username");
        java.util.Objects.requireNonNull(presence, "presence");
    }

    void write(WireWriter writer) {
        writer.string(username);
        writer.u8(presence.ordinal());
        writer.i64(lastSeenMillis);
    }

    static UserPresence read(WireReader reader) throws MalformedFrameException {
        return new UserPresence(reader.string(Limits.MAX_NAME_BYTES),
                Presence.read(reader),
                reader.i64());
    }
}
