package dev.parley.crypto.store;

import dev.parley.crypto.group.SenderKeyRecord;
import java.util.Optional;

/**
 * Sender-key state per (group, sender), the local user's own included. {@code load} returns an
 * independent copy; changes count only once passed to {@code store}.
 */
public interface SenderKeyStore {
    Optional<SenderKeyRecord> load(String groupId, String sender);

    void store(String groupId, String sender, SenderKeyRecord record);

    void delete(String groupId, String sender);
}
