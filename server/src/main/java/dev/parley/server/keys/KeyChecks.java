package dev.parley.server.keys;

import dev.parley.server.protocol.Refusal;
import dev.parley.wire.ErrorCode;
import dev.parley.wire.KeyUpload;
import dev.parley.wire.OneTimePreKey;
import java.util.HashSet;
import java.util.Set;

/**
 * Keys are opaque to the server (it cannot and need not parse them), but their sizes are checked:
 * every key is 32 to 1,024 bytes, one-time prekey ids are distinct within an upload.
 */
public final class KeyChecks {
    public static final int MIN_KEY_BYTES = 32;
    public static final int MAX_KEY_BYTES = dev.parley.wire.Limits.MAX_KEY_BYTES;

    private KeyChecks() {
    }

    /** At sign-up every part is required; in PublishKeys an empty signed prekey keeps the current one. */
    public static void check(KeyUpload keys, boolean signUp) {
        size(keys.identityKey().length, "identity key");
        if (signUp || keys.signedPreKey().length > 0) {
            size(keys.signedPreKey().length, "signed prekey");
        }
        Set<Integer> ids = new HashSet<>();
        for (OneTimePreKey key : keys.oneTimePreKeys()) {
            size(key.publicKey().length, "one-time prekey");
            if (!ids.add(key.id())) {
                throw new Refusal(ErrorCode.INVALID_KEYS, "one-time prekey id " + key.id() + " appears twice");
            }
        }
    }

    private static void size(int length, String what) {
        if (length < MIN_KEY_BYTES || length > MAX_KEY_BYTES) {
            throw new Refusal(ErrorCode.INVALID_KEYS,
                    "the " + what + " must be " + MIN_KEY_BYTES + " to " + MAX_KEY_BYTES + " bytes, not " + length);
        }
    }
}
