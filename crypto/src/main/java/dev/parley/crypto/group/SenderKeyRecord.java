package dev.parley.crypto.group;

import dev.parley.crypto.InvalidMessageException;
import dev.parley.crypto.internal.ByteReader;
import dev.parley.crypto.internal.ByteWriter;
import dev.parley.crypto.internal.group.SenderKeyState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The sender keys of one (group, sender), newest first: for one's own sender the single current
 * key (with its signing private key), for others up to {@link #MAX_STATES} keys so messages sent
 * just before a rotation can still be read. Serialised as {@code 0x01 ‖ count(1) ‖ states}.
 * Contains secret keys: store it encrypted at rest.
 */
public final class SenderKeyRecord {
    public static final int MAX_STATES = 5;
    private static final int VERSION = 1;
    private final List<SenderKeyState> states = new ArrayList<>();

    public SenderKeyRecord() {}

    Optional<SenderKeyState> current() {
        return states.isEmpty() ? Optional.empty() : Optional.of(states.get(0));
    }

    Optional<SenderKeyState> byKeyId(int keyId) {
        return states.stream().filter(s -> s.keyId() == keyId).findFirst();
    }

    void addNewest(SenderKeyState state) {
        states.add(0, state);
        while (states.size() > MAX_STATES) states.remove(states.size() - 1);
    }

    public boolean isEmpty() {
        return states.isEmpty();
    }

    public byte[] serialize() {
        ByteWriter w = new ByteWriter(256).u8(VERSION).u8(states.size());
        for (SenderKeyState s : states) s.write(w);
        return w.toByteArray();
    }

    public static SenderKeyRecord deserialize(byte[] bytes) throws InvalidMessageException {
        ByteReader r = new ByteReader(bytes);
        if (r.u8() != VERSION) throw new InvalidMessageException("unknown sender key record version");
        int n = r.u8();
        if (n > MAX_STATES) throw new InvalidMessageException("malformed sender key record");
        SenderKeyRecord record = new SenderKeyRecord();
        for (int i = 0; i < n; i++) record.states.add(SenderKeyState.read(r));
        r.expectEnd();
        return record;
    }

    @Override
    public String toString() {
        return "SenderKeyRecord[keys=" + states.size() + "]";
    }
}
