package dev.parley.crypto.group;

import dev.parley.crypto.InvalidMessageException;
import dev.parley.crypto.internal.Bytes;
import dev.parley.crypto.internal.group.DistributionMessage;
import dev.parley.crypto.internal.group.SenderKeyState;
import dev.parley.crypto.store.SenderKeyStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Creates, rotates and distributes one's own sender key per group, and takes in other members'
 * sender keys. A distribution message must only ever travel inside a pairwise session.
 */
public final class GroupSessionBuilder {
    /** Rotate an own sender key after this many messages ... */
    public static final int ROTATE_AFTER_MESSAGES = 10_000;
    /** ... or after this long, whichever comes first (see {@link #rotationDue}). */
    public static final Duration ROTATE_AFTER = Duration.ofDays(7);

    private final SenderKeyStore store;
    private final SecureRandom random;
    private final Clock clock;

    public GroupSessionBuilder(SenderKeyStore store) {
        this(store, new SecureRandom(), Clock.systemUTC());
    }

    public GroupSessionBuilder(SenderKeyStore store, SecureRandom random, Clock clock) {
        this.store = store;
        this.random = random;
        this.clock = clock;
    }

    /** Returns the distribution message of one's own current sender key, creating the key if there is none. */
    public byte[] create(String groupId, String selfUser) {
        checkNames(groupId, selfUser);
        Optional<SenderKeyState> current = store.load(groupId, selfUser).flatMap(SenderKeyRecord::current)
                .filter(SenderKeyState::canSign);
        if (current.isPresent()) return current.get().distribution(groupId, selfUser).serialize();
        return rotate(groupId, selfUser);
    }

    /**
     * Replaces one's own sender key with a new random one and returns its distribution message. Do
     * this whenever a member leaves (send the result only to the remaining members), and when
     * {@link #rotationDue} says so.
     */
    public byte[] rotate(String groupId, String selfUser) {
        checkNames(groupId, selfUser);
        int previousId = store.load(groupId, selfUser).flatMap(SenderKeyRecord::current).map(SenderKeyState::keyId).orElse(-1);
        SenderKeyState fresh = SenderKeyState.generate(random, clock.millis(), previousId);
        SenderKeyRecord record = new SenderKeyRecord();
        record.addNewest(fresh);
        store.store(groupId, selfUser, record);
        return fresh.distribution(groupId, selfUser).serialize();
    }

    private static void checkNames(String groupId, String user) {
        for (String name : new String[] {groupId, user}) {
            if (name == null || Bytes.utf8(name).length > DistributionMessage.MAX_NAME_BYTES) {
                throw new IllegalArgumentException("group ids and user names are at most 1024 UTF-8 bytes");
            }
        }
    }

    /** True if there is no own sender key, or it has sent {@link #ROTATE_AFTER_MESSAGES} or is older than {@link #ROTATE_AFTER}. */
    public boolean rotationDue(String groupId, String selfUser) {
        Optional<SenderKeyState> current = store.load(groupId, selfUser).flatMap(SenderKeyRecord::current);
        return current.isEmpty() || current.get().iteration() >= ROTATE_AFTER_MESSAGES
                || clock.millis() - current.get().createdAtMillis() >= ROTATE_AFTER.toMillis();
    }

    /**
     * Stores another member's sender key from a distribution message received over the pairwise
     * session with {@code senderUser}. A repeat of a known key is ignored, so it cannot rewind the chain.
     */
    public void process(String groupId, String senderUser, byte[] distributionMessage) throws InvalidMessageException {
        DistributionMessage d = DistributionMessage.parse(distributionMessage);
        if (!d.groupId().equals(groupId) || !d.sender().equals(senderUser)) {
            throw new InvalidMessageException("distribution message is for another group or sender");
        }
        SenderKeyRecord record = store.load(groupId, senderUser).orElseGet(SenderKeyRecord::new);
        Optional<SenderKeyState> known = record.byKeyId(d.keyId());
        if (known.isPresent()) {
            if (known.get().sameKeyAs(d)) return;
            throw new InvalidMessageException("distribution message conflicts with a known sender key");
        }
        record.addNewest(SenderKeyState.received(d, clock.millis()));
        store.store(groupId, senderUser, record);
    }
}
