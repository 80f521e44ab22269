package dev.parley.wire;

import java.util.List;

/** Every user with presence. */
public record UserList(List<UserPresence> users) implements Message {
    public UserList {
        users = List.copyOf(users);
    }

    @Override
    public MessageType type() {
        return MessageType.USER_LIST;
    }

    @Override
    public void write(WireWriter writer) {
        writer.list(users, (w, item) -> item.write(w));
    }

    static UserList read(WireReader reader) throws MalformedFrameException {
        return new UserList(reader.list(Limits.MAX_LIST_ITEMS, UserPresence::read));
    }
}
