package dev.parley.server.store;

import java.util.List;
import java.util.Optional;

/** Groups and their members. Names are canonical (already validated and lower-cased). */
public interface GroupStore {
    /** Creates the group and returns its id, or empty when the name is taken. */
    Optional<Long> create(String name, long createdAtMillis);

    Optional<Long> find(String name);

    /** Adds the member; false if already a member. */
    boolean addMember(long groupId, long userId, long joinedAtMillis);

    /** Removes the member; false if not a member. */
    boolean removeMember(long groupId, long userId);

    int memberCount(long groupId);

    int groupCount(long userId);

    List<StoredGroup> all();

    /** Every (group, user) pair in join order. */
    List<long[]> memberships();

    record StoredGroup(long id, String name, long createdAtMillis) {
    }
}
