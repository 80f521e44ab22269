package dev.parley.server.state;

import dev.parley.server.store.QueueStore.QueueStats;
import dev.parley.server.store.Stores;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every account and group the server knows, loaded from the store at start and kept in step by the
 * store writer after each commit. Lookups by name are lock-free, so an event loop can check a
 * recipient or a group without touching the database.
 */
public final class Directory {
    private final Map<String, Account> accountsByName = new ConcurrentHashMap<>();
    private final Map<Long, Account> accountsById = new ConcurrentHashMap<>();
    private final Map<String, Group> groupsByName = new ConcurrentHashMap<>();
    private final Map<Long, Group> groupsById = new ConcurrentHashMap<>();
    private final Set<Account> online = ConcurrentHashMap.newKeySet();
    private final AtomicLong totalQueued = new AtomicLong();
    /** Store writer only: per group message id, {references left, ciphertext bytes}. */
    private final Map<Long, int[]> groupPayloads = new HashMap<>();

    public Account account(String name) {
        return accountsByName.get(name);
    }

    public Account account(long id) {
        return accountsById.get(id);
    }

    public Collection<Account> accounts() {
        return accountsById.values();
    }

    public int accountCount() {
        return accountsById.size();
    }

    /** Store writer only (and start-up). */
    public void add(Account account) {
        accountsById.put(account.id(), account);
        accountsByName.put(account.name(), account);
    }

    public Group group(String name) {
        return groupsByName.get(name);
    }

    public Group group(long id) {
        return groupsById.get(id);
    }

    public Collection<Group> groups() {
        return groupsById.values();
    }

    /** Store writer only (and start-up). */
    public void add(Group group) {
        groupsById.put(group.id(), group);
        groupsByName.put(group.name(), group);
    }

    public Set<Account> online() {
        return online;
    }

    public void markOnline(Account account) {
        online.add(account);
    }

    public void markOffline(Account account) {
        online.remove(account);
    }

    /** Messages waiting in all queues (for metrics). */
    public long totalQueued() {
        return totalQueued.get();
    }

    public void addQueued(long delta) {
        totalQueued.addAndGet(delta);
    }

    /** Store writer only. */
    public Map<Long, int[]> groupPayloads() {
        return groupPayloads;
    }

    /** Store writer only: the per-account counters and payload references, re-read after a failed commit or at start; returns the highest message id ever used. */
    public long loadCounters(Stores stores) {
        QueueStats stats = stores.queue().stats();
        Map<Long, Integer> keyCounts = stores.keys().oneTimePreKeyCounts();
        long total = 0;
        for (Account account : accountsById.values()) {
            long[] queue = stats.perRecipient().get(account.id());
            account.queued = queue == null ? 0 : (int) queue[0];
            account.queuedBytes = queue == null ? 0 : queue[1];
            account.oneTimePreKeys = keyCounts.getOrDefault(account.id(), 0);
            account.sentRemembered = stats.sentPerSender().getOrDefault(account.id(), 0);
            total += account.queued;
        }
        totalQueued.set(total);
        groupPayloads.clear();
        groupPayloads.putAll(stats.groupPayloads());
        return stats.maxMessageId();
    }
}
