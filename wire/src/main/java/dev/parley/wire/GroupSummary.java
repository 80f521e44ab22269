package dev.parley.wire;

/** A group and its number of participants. */
public record GroupSummary(String name, int members) {
    public GroupSummary {
        java.util.Objects.requireNonNull(name, "name");
    }

    void write(WireWriter writer) {
        writer.string(name);
        writer.i32(members);
    }

    static GroupSummary read(WireReader reader) throws MalformedFrameException {
        return new GroupSummary(reader.string(Limits.MAX_NAME_BYTES),
                reader.i32());
    }
}
