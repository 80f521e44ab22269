package dev.parley.client.account;

import dev.parley.client.store.AccountMeta;
import dev.parley.client.store.ClientDatabase;
import dev.parley.client.store.DownloadStore;
import dev.parley.client.store.GroupStore;
import dev.parley.client.store.HistoryStore;
import dev.parley.client.store.InboxStore;
import dev.parley.client.store.OutboxStore;
import dev.parley.client.store.SqliteProtocolStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.function.Consumer;

/** One account's open store: its name as the server spells it and every table the client keeps. */
public final class Account implements AutoCloseable {

    private final String username;
    private final ClientDatabase db;
    private final AccountMeta meta;
    private final HistoryStore history;
    private final OutboxStore outbox;
    private final GroupStore groups;
    private final InboxStore inbox;
    private final DownloadStore downloads;
    private final SqliteProtocolStore crypto;

    private Account(String username, ClientDatabase db, Clock clock, SecureRandom random,
                    Consumer<String> onIdentityReplaced) {
        this.username = username;
        this.db = db;
        this.meta = new AccountMeta(db);
        this.history = new HistoryStore(db);
        this.outbox = new OutboxStore(db, clock, random);
        this.groups = new GroupStore(db);
        this.inbox = new InboxStore(db, clock);
        this.downloads = new DownloadStore(db, clock);
        this.crypto = new SqliteProtocolStore(db, clock, onIdentityReplaced);
    }

    public static Account open(AccountFolders folders, String username, Clock clock, SecureRandom random,
                               Consumer<String> onIdentityReplaced) {
        ClientDatabase db = ClientDatabase.open(folders.database(username));
        return new Account(username, db, clock, random, onIdentityReplaced);
    }

    public String username() {
        return username;
    }

    public ClientDatabase db() {
        return db;
    }

    public AccountMeta meta() {
        return meta;
    }

    public HistoryStore history() {
        return history;
    }

    public OutboxStore outbox() {
        return outbox;
    }

    public GroupStore groups() {
        return groups;
    }

    public InboxStore inbox() {
        return inbox;
    }

    public DownloadStore downloads() {
        return downloads;
    }

    /** This account's folder in the data folder. */
    public java.nio.file.Path folder() {
        return db.file().toAbsolutePath().getParent();
    }

    public SqliteProtocolStore crypto() {
        return crypto;
    }

    @Override
    public void close() {
        db.close();
    }
}
