package dev.parley.client.content;

import java.util.Arrays;
import java.util.Objects;

/**
 * A member's sender key for one group, handed to another member over their pairwise session.
 * The bytes are the crypto module's distribution message; group is the group's name.
 */
public record SenderKeyDistribution(String group, byte[] distribution) implements Content {

    public SenderKeyDistribution {
        Objects.requireNonNull(group, "group");
        distribution = distribution.clone();
    }

    @Override
    public byte[] distribution() {
        return distribution.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SenderKeyDistribution that
                && group.equals(that.group)
                && Arrays.equals(distribution, that.distribution);
    }

    @Override
    public int hashCode() {
        return Objects.hash(group, Arrays.hashCode(distribution));
    }

    @Override
    public String toString() {
        return "SenderKeyDistribution[group=" + group + ", distribution=" + distribution.length + " bytes]";
    }
}
