package dev.parley.wire;

/** How reachable a user is. */
public enum Presence {
    ONLINE, AWAY, OFFLINE;

    static Presence read(WireReader reader) throws MalformedFrameException {
        int code = reader.u8();
        if (code >= values().length) {
            throw new MalformedFrameException("unknown presence " + code);
        }
        return values()[code];
    }
}
