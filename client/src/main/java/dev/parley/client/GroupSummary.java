package dev.parley.client;

import java.util.Objects;

/** A group and its number of participants, as LIST shows it. */
public record GroupSummary(String name, int members) {

    public GroupSummary {
        Objects.requireNonNull(name, "name");
    }
}
