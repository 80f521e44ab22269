package dev.parley.crypto.session;

import dev.parley.crypto.InvalidMessageException;
import dev.parley.crypto.internal.ByteReader;
import dev.parley.crypto.internal.ByteWriter;
import dev.parley.crypto.internal.ratchet.SessionState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Everything a client keeps about its pairwise session with one remote user: the current session
 * and up to {@link #MAX_ARCHIVED} earlier ones (kept so messages still in flight from a replaced
 * session, or from a simultaneous start by both sides, can be read). Serialised as
 * {@code 0x01 ‖ count(1) ‖ (length(4) ‖ state)*}, current first. Contains secret keys: store it
 * encrypted at rest.
 */
public final class SessionRecord {
    public static final int MAX_ARCHIVED = 5;
    private static final int VERSION = 1;
    private final List<SessionState> states = new ArrayList<>();

    public SessionRecord() {}

    boolean isEmpty() {
        return states.isEmpty();
    }

    SessionState current() {
        return states.isEmpty() ? null : states.get(0);
    }

    List<SessionState> states() {
        return Collections.unmodifiableList(states);
    }

    /** Makes {@code state} current, archiving the previous current state. */
    void promote(SessionState state) {
        states.remove(state);
        states.add(0, state);
        while (states.size() > MAX_ARCHIVED + 1) states.remove(states.size() - 1);
    }

    int indexOfBaseKey(byte[] baseKey) {
        for (int i = 0; i < states.size(); i++) if (states.get(i).hasBaseKey(baseKey)) return i;
        return -1;
    }

    public byte[] serialize() {
        ByteWriter w = new ByteWriter(600).u8(VERSION).u8(states.size());
        for (SessionState s : states) {
            byte[] b = s.serialize();
            w.i32(b.length).bytes(b);
        }
        return w.toByteArray();
    }

    public static SessionRecord deserialize(byte[] bytes) throws InvalidMessageException {
        ByteReader r = new ByteReader(bytes);
        if (r.u8() != VERSION) throw new InvalidMessageException("unknown session record version");
        int n = r.u8();
        if (n > MAX_ARCHIVED + 1) throw new InvalidMessageException("malformed session record");
        SessionRecord record = new SessionRecord();
        for (int i = 0; i < n; i++) {
            int len = r.u31();
            ByteReader inner = new ByteReader(r.bytes(len));
            record.states.add(SessionState.read(inner));
            inner.expectEnd();
        }
        r.expectEnd();
        return record;
    }

    @Override
    public String toString() {
        return "SessionRecord[sessions=" + states.size() + "]";
    }
}
