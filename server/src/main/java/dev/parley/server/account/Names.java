package dev.parley.server.account;

import dev.parley.server.protocol.Refusal;
import dev.parley.wire.ErrorCode;
import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Usernames and group names. A name is NFKC-normalised and lower-cased, then must be 3 to 32
 * characters of {@code a-z 0-9 _ . -} starting with a letter or digit. Uniqueness is on this
 * canonical form, so names differing only in case (or in full-width forms) collide. Non-ASCII
 * letters are refused outright: that rules out look-alikes such as a Cyrillic "а" in "alice".
 */
public final class Names {
    public static final int MIN = 3;
    public static final int MAX = 32;
    private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9_.-]{" + (MIN - 1) + "," + (MAX - 1) + "}");

    private Names() {
    }

    /** The canonical form, or empty if the raw text is not a valid name. */
    public static java.util.Optional<String> canonical(String raw) {
        if (raw == null || raw.length() > 4 * MAX) {
            return java.util.Optional.empty();
        }
        String name = Normalizer.normalize(raw.strip(), Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        return VALID.matcher(name).matches() ? java.util.Optional.of(name) : java.util.Optional.empty();
    }

    public static String username(String raw) {
        return canonical(raw).orElseThrow(() -> new Refusal(ErrorCode.INVALID_NAME,
                "usernames are " + MIN + " to " + MAX + " characters of a-z, 0-9, '_', '.' and '-', starting with a letter or digit"));
    }

    public static String group(String raw) {
        return canonical(raw).orElseThrow(() -> new Refusal(ErrorCode.INVALID_NAME,
                "group names are " + MIN + " to " + MAX + " characters of a-z, 0-9, '_', '.' and '-', starting with a letter or digit"));
    }
}
