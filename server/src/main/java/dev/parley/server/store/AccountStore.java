package dev.parley.server.store;

import java.util.List;
import java.util.Optional;

/** Accounts: canonical username, Argon2id hash, last seen. */
public interface AccountStore {
    /** Creates the account and returns its id, or empty when the username is taken. */
    Optional<Long> create(String username, String passwordHash, long createdAtMillis);

    Optional<StoredAccount> find(String username);

    List<StoredAccount> all();

    void setLastSeen(long userId, long atMillis);

    record StoredAccount(long id, String username, String passwordHash, long createdAtMillis, long lastSeenMillis) {
        @Override
        public String toString() {
            return "StoredAccount[id=" + id + ", username=" + username + "]";
        }
    }
}
