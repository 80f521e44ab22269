package dev.parley.client;

import dev.parley.wire.Deliver;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Test and diagnostics access below the facade: the raw ciphertexts the server delivers, and an
 * attempt to decrypt a group ciphertext with this account's keys. Not for user interfaces.
 */
public interface Inspection {

    /** Sees every Deliver push (ciphertext as the server holds it) before it is processed. */
    void onDeliver(Consumer<Deliver> listener);

    /**
     * Tries to decrypt a group ciphertext as this account, as if sender had sent it to group.
     * Returns the text, or empty when this account cannot decrypt it. Advances the stored sender
     * key state like a real delivery would.
     */
    Optional<String> tryDecryptGroupMessage(String group, String sender, byte[] payload);

    /** How many sends wait in the outbox for the server's Accepted. */
    int outboxSize();
}
