package dev.parley.wire;

/** The client reports itself online or away. */
public record SetPresence(Presence presence) implements Message {
    public SetPresence {
        java.util.Objects.requireNonNull(presence, "presence");
    }

    @Override
    public MessageType type() {
        return MessageType.SET_PRESENCE;
    }

    @Override
    public void write(WireWriter writer) {
        writer.u8(presence.ordinal());
    }

    static SetPresence read(WireReader reader) throws MalformedFrameException {
        return new SetPresence(Presence.read(reader));
    }
}
