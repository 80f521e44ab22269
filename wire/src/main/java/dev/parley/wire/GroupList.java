package dev.parley.wire;

import java.util.List;

/** Every group with its number of participants. */
public record GroupList(List<GroupSummary> groups) implements Message {
    public GroupList {
        groups = List.copyOf(groups);
    }

    @Override
    public MessageType type() {
        return MessageType.GROUP_LIST;
    }

    @Override
    public void write(WireWriter writer) {
        writer.list(groups, (w, item) -> item.write(w));
    }

    static GroupList read(WireReader reader) throws MalformedFrameException {
        return new GroupList(reader.list(Limits.MAX_LIST_ITEMS, GroupSummary::read));
    }
}
