package dev.parley.client;

import java.util.List;
import java.util.Objects;

/** A group after CREATE or JOIN: its name as the server spells it, its members, and whether we created it. */
public record JoinedGroup(String name, List<String> members, boolean created) {

    public JoinedGroup {
        Objects.requireNonNull(name, "name");
        members = List.copyOf(members);
    }
}
