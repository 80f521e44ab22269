package dev.parley.client;

import dev.parley.wire.Presence;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** A user with presence: online, away (idle) or offline, and when they were last seen (if ever). */
public record UserStatus(String username, Presence presence, Optional<Instant> lastSeen) {

    public UserStatus {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(presence, "presence");
        Objects.requireNonNull(lastSeen, "lastSeen");
    }
}
