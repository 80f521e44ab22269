package dev.parley.crypto.internal.group;

import dev.parley.crypto.DuplicateMessageException;
import dev.parley.crypto.InvalidMessageException;
import dev.parley.crypto.internal.ByteReader;
import dev.parley.crypto.internal.ByteWriter;
import dev.parley.crypto.internal.Bytes;
import dev.parley.crypto.internal.Ed25519;
import dev.parley.crypto.internal.ratchet.ChainKey;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * One sender key of one (group, sender): a random id, a random 32-byte chain key that only moves
 * forward (same KDF as the pairwise symmetric ratchet), an Ed25519 key pair (private half only for
 * the owner), the iteration the holder started from, and skipped message keys for late messages.
 */
public final class SenderKeyState {
    public static final int MAX_SKIP = 1000;
    public static final int MAX_SKIPPED_STORED = 2000;
    private static final int NO_BYTES = 0;

    private final int keyId;
    private final int firstIteration;
    private final long createdAtMillis;
    private final byte[] signingPublic;
    private final byte[] signingSeed;
    private ChainKey chain;
    private final SkippedIterations skipped;

    private SenderKeyState(int keyId, int firstIteration, long createdAtMillis, ChainKey chain, byte[] signingPublic,
                           byte[] signingSeed, SkippedIterations skipped) {
        this.keyId = keyId;
        this.firstIteration = firstIteration;
        this.createdAtMillis = createdAtMillis;
        this.chain = chain;
        this.signingPublic = signingPublic;
        this.signingSeed = signingSeed;
        this.skipped = skipped;
    }

    /** A fresh own sender key. */
    public static SenderKeyState generate(SecureRandom random, long nowMillis, int avoidKeyId) {
        int id;
        do {
            id = random.nextInt() & 0x7fffffff;
        } while (id == avoidKeyId);
        byte[] chainKey = new byte[32];
        random.nextBytes(chainKey);
        byte[] seed = Ed25519.generateSeed(random);
        return new SenderKeyState(id, 0, nowMillis, new ChainKey(chainKey, 0), Ed25519.publicFromSeed(seed), seed,
                new SkippedIterations(MAX_SKIPPED_STORED));
    }

    /** Someone else's sender key, from their distribution message. */
    public static SenderKeyState received(DistributionMessage d, long nowMillis) {
        return new SenderKeyState(d.keyId(), d.iteration(), nowMillis, new ChainKey(d.chainKey(), d.iteration()),
                d.signingKey(), null, new SkippedIterations(MAX_SKIPPED_STORED));
    }

    public int keyId() {
        return keyId;
    }

    public int iteration() {
        return chain.index();
    }

    public long createdAtMillis() {
        return createdAtMillis;
    }

    public boolean canSign() {
        return signingSeed != null;
    }

    public boolean sameKeyAs(DistributionMessage d) {
        return keyId == d.keyId() && Arrays.equals(signingPublic, d.signingKey());
    }

    public DistributionMessage distribution(String groupId, String sender) {
        return new DistributionMessage(groupId, sender, keyId, chain.index(), chain.key(), signingPublic);
    }

    /** Seed for the next message this owner sends; advances the chain. */
    public SeedAt nextSendingSeed() {
        SeedAt out = new SeedAt(chain.index(), chain.messageKeySeed());
        chain = chain.next();
        return out;
    }

    public record SeedAt(int iteration, byte[] seed) {}

    public byte[] sign(byte[] message) {
        return Ed25519.sign(signingSeed, message);
    }

    public boolean verify(byte[] message, byte[] signature) {
        return Ed25519.verify(signingPublic, message, signature);
    }

    /** Seed for a received message at {@code iteration}; advances the chain, keeping skipped seeds. */
    public byte[] receivingSeed(int iteration) throws InvalidMessageException, DuplicateMessageException {
        if (iteration < firstIteration) throw new InvalidMessageException("message was sent before this member got the sender key");
        if (iteration < chain.index()) {
            byte[] seed = skipped.take(iteration);
            if (seed == null) throw new DuplicateMessageException("group message was already received");
            return seed;
        }
        if ((long) iteration - chain.index() > MAX_SKIP) throw new InvalidMessageException("message is too far ahead");
        while (chain.index() < iteration) {
            skipped.put(chain.index(), chain.messageKeySeed());
            chain = chain.next();
        }
        byte[] seed = chain.messageKeySeed();
        chain = chain.next();
        return seed;
    }

    public void write(ByteWriter w) {
        w.i32(keyId).i32(firstIteration).i64(createdAtMillis).bytes(chain.key()).i32(chain.index()).bytes(signingPublic);
        w.bool(signingSeed != null).bytes(signingSeed == null ? new byte[NO_BYTES] : signingSeed);
        skipped.write(w);
    }

    public static SenderKeyState read(ByteReader r) throws InvalidMessageException {
        int keyId = r.i32();
        int first = r.u31();
        long created = r.i64();
        ChainKey chain = new ChainKey(r.bytes(32), r.u31());
        byte[] pub = r.bytes(32);
        byte[] seed = r.bool() ? r.bytes(32) : null;
        if (first > chain.index()) throw new InvalidMessageException("malformed sender key state");
        return new SenderKeyState(keyId, first, created, chain, pub, seed, SkippedIterations.read(r, MAX_SKIPPED_STORED));
    }

    @Override
    public String toString() {
        return "SenderKeyState[id=" + keyId + ", iteration=" + chain.index() + ", public=" + Bytes.hex(signingPublic)
                + ", secrets=<redacted>]";
    }
}
