package dev.parley.server.state;

import java.util.ArrayList;
import java.util.List;

/**
 * A group and its members in join order. The member list is an immutable snapshot replaced on every
 * change (by the store writer only), so fan-out reads it without locking.
 */
public final class Group {
    private final long id;
    private final String name;
    private volatile List<Account> members = List.of();

    public Group(long id, String name) {
        this.id = id;
        this.name = name;
    }

    public long id() {
        return id;
    }

    public String name() {
        return name;
    }

    public List<Account> members() {
        return members;
    }

    public int size() {
        return members.size();
    }

    public boolean contains(Account account) {
        return members.contains(account);
    }

    public List<String> memberNames() {
        List<Account> snapshot = members;
        List<String> names = new ArrayList<>(snapshot.size());
        for (Account member : snapshot) {
            names.add(member.name());
        }
        return names;
    }

    /** Store writer only. */
    public void add(Account account) {
        if (!members.contains(account)) {
            List<Account> next = new ArrayList<>(members);
            next.add(account);
            members = List.copyOf(next);
        }
    }

    /** Store writer only. */
    public void remove(Account account) {
        List<Account> next = new ArrayList<>(members);
        if (next.remove(account)) {
            members = List.copyOf(next);
        }
    }

    @Override
    public String toString() {
        return "Group[" + name + ", " + members.size() + " members]";
    }
}
