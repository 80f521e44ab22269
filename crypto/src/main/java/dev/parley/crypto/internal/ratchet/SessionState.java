package dev.parley.crypto.internal.ratchet;

import dev.parley.crypto.InvalidMessageException;
import dev.parley.crypto.identity.IdentityKey;
import dev.parley.crypto.internal.ByteReader;
import dev.parley.crypto.internal.ByteWriter;
import dev.parley.crypto.internal.Bytes;
import dev.parley.crypto.internal.X25519KeyPair;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.OptionalInt;

/**
 * One Double Ratchet session with one remote device: root key, our ratchet key pair, their ratchet
 * key, the sending and receiving chains, skipped message keys, and (for the initiator, until the
 * first reply) the prekey ids to repeat in every message. Mutable; {@link Ratchet} drives it.
 */
public final class SessionState {
    static final int VERSION = 1;
    /** Recently replaced remote ratchet keys, remembered to report replays as duplicates. */
    static final int MAX_PREVIOUS_RATCHET_KEYS = 20;

    public record PendingPreKey(OptionalInt oneTimePreKeyId, int signedPreKeyId) {}

    final IdentityKey localIdentity;
    final IdentityKey remoteIdentity;
    final byte[] baseKey;
    byte[] rootKey;
    X25519KeyPair sendingRatchet;
    byte[] remoteRatchet;
    ChainKey sendingChain;
    ChainKey receivingChain;
    int previousCounter;
    PendingPreKey pending;
    /** The prekey ids this session was built from (both roles); a later prekey message must repeat them. */
    PendingPreKey origin;
    final ArrayDeque<byte[]> previousRemoteRatchets = new ArrayDeque<>();
    SkippedKeys skipped = new SkippedKeys(SkippedKeys.MAX_TOTAL);

    SessionState(IdentityKey localIdentity, IdentityKey remoteIdentity, byte[] baseKey) {
        this.localIdentity = localIdentity;
        this.remoteIdentity = remoteIdentity;
        this.baseKey = baseKey.clone();
    }

    public IdentityKey remoteIdentity() {
        return remoteIdentity;
    }

    /** The X3DH ephemeral key that started this session: tells prekey messages of the same run apart. */
    public boolean hasBaseKey(byte[] key) {
        return Arrays.equals(baseKey, key);
    }

    /** True if a prekey message names the same prekeys this session was built from. */
    public boolean builtFrom(OptionalInt oneTimePreKeyId, int signedPreKeyId) {
        return origin != null && origin.equals(new PendingPreKey(oneTimePreKeyId, signedPreKeyId));
    }

    public boolean awaitingReply() {
        return pending != null;
    }

    void rememberPreviousRemote(byte[] key) {
        previousRemoteRatchets.addLast(key);
        while (previousRemoteRatchets.size() > MAX_PREVIOUS_RATCHET_KEYS) previousRemoteRatchets.removeFirst();
    }

    boolean isPreviousRemote(byte[] key) {
        for (byte[] k : previousRemoteRatchets) if (Arrays.equals(k, key)) return true;
        return false;
    }

    public byte[] serialize() {
        ByteWriter w = new ByteWriter(512).u8(VERSION);
        w.bytes(localIdentity.serialize()).bytes(remoteIdentity.serialize()).bytes(baseKey).bytes(rootKey);
        w.bytes(sendingRatchet.privateKeyBytes()).bytes(sendingRatchet.publicKey()).bytes(remoteRatchet);
        w.bytes(sendingChain.key()).i32(sendingChain.index());
        w.bool(receivingChain != null);
        if (receivingChain != null) w.bytes(receivingChain.key()).i32(receivingChain.index());
        w.i32(previousCounter);
        writeIds(w, pending);
        writeIds(w, origin);
        w.u8(previousRemoteRatchets.size());
        previousRemoteRatchets.forEach(w::bytes);
        skipped.write(w, true);
        return w.toByteArray();
    }

    public static SessionState read(ByteReader r) throws InvalidMessageException {
        if (r.u8() != VERSION) throw new InvalidMessageException("unknown session state version");
        SessionState s = new SessionState(identity(r), identity(r), r.bytes(32));
        s.rootKey = r.bytes(32);
        s.sendingRatchet = X25519KeyPair.trusted(r.bytes(32), r.bytes(32));
        s.remoteRatchet = r.bytes(32);
        s.sendingChain = new ChainKey(r.bytes(32), r.u31());
        if (r.bool()) s.receivingChain = new ChainKey(r.bytes(32), r.u31());
        s.previousCounter = r.u31();
        s.pending = readIds(r);
        s.origin = readIds(r);
        int previous = r.u8();
        if (previous > MAX_PREVIOUS_RATCHET_KEYS) throw new InvalidMessageException("malformed session state");
        for (int i = 0; i < previous; i++) s.previousRemoteRatchets.addLast(r.bytes(32));
        s.skipped = SkippedKeys.read(r, true, SkippedKeys.MAX_TOTAL);
        return s;
    }

    private static void writeIds(ByteWriter w, PendingPreKey ids) {
        w.bool(ids != null);
        if (ids != null) {
            w.bool(ids.oneTimePreKeyId().isPresent()).i32(ids.oneTimePreKeyId().orElse(0)).i32(ids.signedPreKeyId());
        }
    }

    private static PendingPreKey readIds(ByteReader r) throws InvalidMessageException {
        if (!r.bool()) return null;
        boolean hasOtp = r.bool();
        int otp = r.i32();
        return new PendingPreKey(hasOtp ? OptionalInt.of(otp) : OptionalInt.empty(), r.i32());
    }

    /** Stored identities were validated when first parsed; here only lengths and version are checked. */
    private static IdentityKey identity(ByteReader r) throws InvalidMessageException {
        byte[] b = r.bytes(IdentityKey.SERIALIZED_LENGTH);
        if (b[0] != IdentityKey.VERSION) throw new InvalidMessageException("malformed session state");
        return new IdentityKey(Bytes.slice(b, 1, 32), Bytes.slice(b, 33, 32));
    }

    @Override
    public String toString() {
        return "SessionState[remote=" + remoteIdentity + ", sent=" + sendingChain.index() + ", <keys redacted>]";
    }
}
