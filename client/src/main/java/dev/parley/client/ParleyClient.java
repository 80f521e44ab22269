package dev.parley.client;

import dev.parley.client.ParleyException.Reason;
import dev.parley.client.account.Account;
import dev.parley.client.account.AccountFolders;
import dev.parley.client.connection.Backoff;
import dev.parley.client.connection.Connection;
import dev.parley.client.connection.ConnectionClosedException;
import dev.parley.client.connection.ConnectionListener;
import dev.parley.client.connection.Endpoint;
import dev.parley.client.connection.Fingerprints;
import dev.parley.client.connection.KnownServers;
import dev.parley.client.connection.ServerCertificateChangedException;
import dev.parley.client.connection.ServerErrorException;
import dev.parley.client.connection.ServerTrust;
import dev.parley.client.content.Text;
import dev.parley.client.core.AccountSession;
import dev.parley.client.core.Context;
import dev.parley.client.core.Requests;
import dev.parley.client.core.Worker;
import dev.parley.client.events.ClientEvent;
import dev.parley.client.events.ClientEvent.ConnectionState;
import dev.parley.client.events.EventBus;
import dev.parley.client.events.EventQueue;
import dev.parley.client.files.BlobStream;
import dev.parley.client.files.FileTransfers;
import dev.parley.client.keys.KeyMaintenance;
import dev.parley.client.messaging.Outbox;
import dev.parley.client.store.AccountMeta;
import dev.parley.crypto.fingerprint.SafetyNumber;
import dev.parley.crypto.group.GroupCipher;
import dev.parley.crypto.identity.IdentityKey;
import dev.parley.wire.Deliver;
import dev.parley.wire.ErrorCode;
import dev.parley.wire.GroupList;
import dev.parley.wire.ListGroups;
import dev.parley.wire.ListUsers;
import dev.parley.wire.MemberList;
import dev.parley.wire.Message;
import dev.parley.wire.Ok;
import dev.parley.wire.Presence;
import dev.parley.wire.Resume;
import dev.parley.wire.SetPresence;
import dev.parley.wire.SignIn;
import dev.parley.wire.SignOut;
import dev.parley.wire.SignUp;
import dev.parley.wire.SignedIn;
import dev.parley.wire.UserList;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Parley client: one account at a time, end-to-end encrypted, over one TLS connection to one
 * server. Every method blocks until its work is done and reports failure as a
 * {@link ParleyException} whose message is one sentence for the user. What happens in the
 * background — messages arriving, receipts, presence, group changes, reconnects — arrives as
 * {@link ClientEvent}s, through {@link #addListener} or {@link #events()}.
 *
 * <pre>{@code
 * try (ParleyClient alice = ParleyClient.open(ClientOptions.of("localhost", 5000, Path.of("data")))) {
 *     alice.signUp("alice", "correct horse battery staple");
 *     alice.send("bob", "hello");                         // returns once the server stored it
 *     var reply = alice.events().await(ClientEvent.MessageReceived.class, Duration.ofSeconds(5));
 * }
 * }</pre>
 *
 * <p>Thread-safe; account state is touched by one internal worker thread only. After a dropped
 * connection the client reconnects with exponential backoff and resumes the session with its token;
 * sends made meanwhile wait in the on-disk outbox and go out, byte-identical, when it is back.
 */
public final class ParleyClient implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ParleyClient.class);

    private final ClientOptions options;
    private final Endpoint endpoint;
    private final ServerTrust trust;
    private final AccountFolders folders;
    private final EventBus events;
    private final Worker worker = new Worker();
    private final SecureRandom random = new SecureRandom();
    private final List<Consumer<Deliver>> rawDeliveries = new CopyOnWriteArrayList<>();
    private final Requests requests = new CurrentConnection();

    // worker-confined
    private volatile Connection connection;
    private AccountSession session;
    private volatile String signedInAs;
    private volatile boolean closing;
    private volatile Thread reconnector;

    private ParleyClient(ClientOptions options, ServerTrust trust) {
        this.options = options;
        this.endpoint = new Endpoint(options.serverHost(), options.port());
        this.trust = trust;
        this.folders = new AccountFolders(options.dataDir(), options.clock());
        this.events = new EventBus(options.collectedEvents());
    }

    /**
     * Opens a client. Nothing is sent until {@link #signUp}, {@link #signIn} or {@link #resume}.
     *
     * @throws ParleyException when the CA certificate file cannot be read
     */
    public static ParleyClient open(ClientOptions options) {
        ServerTrust trust;
        if (options.caCertificate() != null) {
            try {
                trust = ServerTrust.Authority.load(options.caCertificate());
            } catch (IOException e) {
                throw new ParleyException(Reason.INVALID_INPUT, "cannot use the CA certificate "
                        + options.caCertificate() + ": " + e.getMessage(), null, e);
            }
        } else {
            trust = new ServerTrust.PinOnFirstUse(new KnownServers(options.dataDir().resolve("known_servers")));
        }
        return new ParleyClient(options, trust);
    }

    public ClientOptions options() {
        return options;
    }

    // ---------------------------------------------------------------- accounts

    /**
     * Creates an account on the server with fresh keys (identity, signed prekey, 100 one-time
     * prekeys) and signs in. The account's data goes to {@code <dataDir>/<username>/}.
     *
     * @throws ParleyException USERNAME_TAKEN, INVALID_INPUT, UNREACHABLE, CERTIFICATE_CHANGED, …
     */
    public void signUp(String username, String password) {
        run(() -> {
            requireSignedOut();
            requirePassword(password);
            KeyMaintenance.SignUpKeys keys = KeyMaintenance.generate(options.clock());
            Connection c = connectionForSignIn();
            SignedIn signedIn = call(c, new SignUp(username, password, keys.upload()), SignedIn.class);
            folders.prepareNew(signedIn.username());
            Account account = openAccount(signedIn.username());
            account.db().inTransaction(() -> {
                keys.persist(account.crypto(), account.meta());
                remember(account, signedIn);
                return null;
            });
            start(account, signedIn);
            return null;
        });
    }

    /**
     * Signs in with a password. The account's keys must be in this data folder (where it signed up).
     *
     * @throws ParleyException WRONG_CREDENTIALS ("wrong username or password"), NO_LOCAL_KEYS, UNREACHABLE, …
     */
    public void signIn(String username, String password) {
        run(() -> {
            requireSignedOut();
            requirePassword(password);
            Connection c = connectionForSignIn();
            SignedIn signedIn = call(c, new SignIn(username, password), SignedIn.class);
            if (!folders.exists(signedIn.username())) {
                abandon(c);
                throw noLocalKeys(signedIn.username());
            }
            Account account = openAccount(signedIn.username());
            if (!account.crypto().identities().hasLocalIdentity()) {
                account.close();
                abandon(c);
                throw noLocalKeys(signedIn.username());
            }
            remember(account, signedIn);
            start(account, signedIn);
            return null;
        });
    }

    /**
     * Signs in silently with the session token stored by an earlier sign-in in this data folder.
     * Returns false (and changes nothing) when there is no token or the server no longer accepts it.
     */
    public boolean resume(String username) {
        return run(() -> {
            requireSignedOut();
            if (!AccountFolders.isSafe(username) || !folders.exists(username)) {
                return false;
            }
            // the server's canonical form of a name is lower case
            Account account = openAccount(username.toLowerCase(Locale.ROOT));
            Optional<byte[]> token = account.meta().bytes(AccountMeta.TOKEN);
            String stored = account.meta().string(AccountMeta.USERNAME).orElse(username);
            if (token.isEmpty() || !account.crypto().identities().hasLocalIdentity()) {
                account.close();
                return false;
            }
            try {
                SignedIn signedIn = call(connectionForSignIn(), new Resume(stored, token.get()), SignedIn.class);
                remember(account, signedIn);
                start(account, signedIn);
                return true;
            } catch (ServerErrorException e) {
                log.info("stored session of {} not accepted: {}", username, e.getMessage());
                account.meta().remove(AccountMeta.TOKEN);
                account.close();
                return false;
            } catch (Exception e) {
                account.close();
                throw e;
            }
        });
    }

    /** Signs out: the server forgets the session token. Messages not yet sent stay in the outbox for next time. */
    public void signOut() {
        run(() -> {
            if (session == null) {
                return null;
            }
            try {
                if (requests.connected()) {
                    requests.call(new SignOut(), Ok.class);
                }
            } catch (ServerErrorException | IOException e) {
                log.info("sign-out request failed: {}", e.getMessage());
            }
            session.context().account().meta().remove(AccountMeta.TOKEN);
            endSession();
            Connection c = connection;
            connection = null;
            if (c != null) {
                c.close();
            }
            return null;
        });
    }

    /** The signed-in account's name, as the server spells it. */
    public Optional<String> username() {
        return Optional.ofNullable(signedInAs);
    }

    public boolean isConnected() {
        Connection c = connection;
        return c != null && c.isOpen() && signedInAs != null;
    }

    // ---------------------------------------------------------------- messaging

    /**
     * Sends a direct message and returns once the server has stored it (state SENT). Starts an
     * encrypted session first if there is none (fetching the recipient's keys from the server).
     *
     * @throws ParleyException REFUSED (e.g. no such user); TIMEOUT when not confirmed in time — the
     *         message then stays in the outbox and goes out when the server is reachable
     */
    public ChatMessage send(String username, String text) {
        return await(sendAsync(username, text), "The message to " + username);
    }

    /** Like {@link #send}, without waiting: the future completes when the server stored the message. */
    public CompletableFuture<ChatMessage> sendAsync(String username, String text) {
        return run(() -> {
            AccountSession s = requireSession();
            checkText(text);
            if (username.equalsIgnoreCase(s.context().self())) {
                throw new IllegalArgumentException("you cannot send a message to yourself");
            }
            return s.outbox().sendDirect(username, text);
        });
    }

    /**
     * Sends a message to every member of a group and returns once the server stored it. Our sender
     * key is replaced first if someone left, and handed to members who lack it.
     */
    public ChatMessage sendGroup(String group, String text) {
        return await(sendGroupAsync(group, text), "The message to #" + group);
    }

    /** Like {@link #sendGroup}, without waiting. */
    public CompletableFuture<ChatMessage> sendGroupAsync(String group, String text) {
        return run(() -> {
            AccountSession s = requireSession();
            checkText(text);
            s.membership().ensureKnown(group);
            if (!s.context().account().groups().isMember(group)) {
                throw new ParleyException(Reason.REFUSED, "you are not a member of " + group, ErrorCode.NOT_A_MEMBER,
                        null);
            }
            String name = s.context().account().groups().name(group).orElse(group);
            // our key goes to members who lack it before the message, so they can read it on arrival
            int others = s.context().account().db().inTransaction(() -> s.groupKeys().prepare(name));
            return s.outbox().sendGroup(name, text, others);
        });
    }

    /** The last n messages exchanged with a user, oldest first. */
    public List<ChatMessage> history(String username, int n) {
        return run(() -> requireSession().context().account().history().recent(false, username, n));
    }

    /** The last n messages of a group, oldest first. */
    public List<ChatMessage> groupHistory(String group, int n) {
        return run(() -> requireSession().context().account().history().recent(true, group, n));
    }

    /**
     * The last n messages of a conversation named the way a user types it: {@code #name} is a group;
     * a plain name is the direct conversation with that user unless there is none and a group of that
     * name is known.
     */
    public List<ChatMessage> conversation(String name, int n) {
        return run(() -> {
            var account = requireSession().context().account();
            if (name.startsWith("#") && name.length() > 1) {
                return account.history().recent(true, name.substring(1), n);
            }
            boolean group = !account.history().hasConversation(false, name)
                    && (account.groups().isMember(name) || account.history().hasConversation(true, name));
            return account.history().recent(group, name, n);
        });
    }

    /** Waits until every queued send has been accepted by the server; false if that took longer than timeout. */
    public boolean awaitOutboxEmpty(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            int left = run(() -> session == null ? 0 : session.outbox().size());
            if (left == 0) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            sleep(Duration.ofMillis(50));
        }
    }

    // ---------------------------------------------------------------- files

    /**
     * Sends a file to a user: encrypts it with a fresh file key, uploads the ciphertext once (resuming
     * after dropped connections), then sends the key, digest, name and type in an end-to-end encrypted
     * message. Returns once the server accepted that message. Progress arrives as
     * {@link ClientEvent.TransferProgress} events; the file is never held in memory whole.
     *
     * @throws ParleyException INVALID_INPUT (no such file, too large for the server — said before any byte
     *         is uploaded), REFUSED (no such user, over the quota), UNREACHABLE, …
     */
    public ChatMessage sendFile(String username, Path file) {
        return sendFile(username, file, null);
    }

    /** Like {@link #sendFile(String, Path)}, announcing the file under another name. */
    public ChatMessage sendFile(String username, Path file, String name) {
        return awaitFile(sendFileAsync(username, file, name));
    }

    /** Like {@link #sendFile}, without waiting; {@code name} null sends the file's own name. */
    public CompletableFuture<ChatMessage> sendFileAsync(String username, Path file, String name) {
        return run(() -> {
            AccountSession s = requireSession();
            return s.files().send(List.of(username), false, file, name);
        }).thenApply(List::getFirst);
    }

    /**
     * Sends a file to one or more groups: uploaded once for all their members, then announced in each
     * group with our sender key. Returns the messages once the server accepted every one.
     */
    public List<ChatMessage> sendGroupFile(List<String> groups, Path file) {
        return awaitFile(sendGroupFileAsync(groups, file, null));
    }

    public ChatMessage sendGroupFile(String group, Path file) {
        return sendGroupFile(List.of(group), file).getFirst();
    }

    /** Like {@link #sendGroupFile(List, Path)}, without waiting. */
    public CompletableFuture<List<ChatMessage>> sendGroupFileAsync(List<String> groups, Path file, String name) {
        if (groups.isEmpty()) {
            throw new ParleyException(Reason.INVALID_INPUT, "name at least one group");
        }
        return run(() -> requireSession().files().send(groups, true, file, name));
    }

    /** Where received files are saved. */
    public Path downloadsFolder() {
        return run(() -> requireSession().files().downloadsFolder());
    }

    /**
     * Waits until no upload is running and no received file waits to be downloaded; false if that
     * took longer than timeout.
     */
    public boolean awaitTransfers(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            boolean busy;
            try {
                busy = worker.call(() -> session != null) && session.files().busy();
            } catch (Exception e) {
                return true;
            }
            if (!busy) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            sleep(Duration.ofMillis(50));
        }
    }

    private <T> T awaitFile(CompletableFuture<T> sent) {
        try {
            return sent.get();
        } catch (ExecutionException e) {
            throw Failures.translate(e, endpoint);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Failures.translate(e, endpoint);
        }
    }

    // ---------------------------------------------------------------- groups

    /** Creates a group and joins it; fails if it exists. */
    public JoinedGroup createGroup(String group) {
        return run(() -> {
            var joined = requireSession().membership().create(group);
            return new JoinedGroup(joined.group(), joined.members(), joined.created());
        });
    }

    /** Joins a group, creating it first if it does not exist; joining twice is harmless. */
    public JoinedGroup joinGroup(String group) {
        return run(() -> {
            var joined = requireSession().membership().join(group);
            return new JoinedGroup(joined.group(), joined.members(), joined.created());
        });
    }

    public void leaveGroup(String group) {
        run(() -> {
            requireSession().membership().leave(group);
            return null;
        });
    }

    /** Every group on the server with its number of participants. */
    public List<GroupSummary> listGroups() {
        requireSignedIn();
        GroupList list = call(new ListGroups(), GroupList.class);
        return list.groups().stream().map(g -> new GroupSummary(g.name(), g.members())).toList();
    }

    /** The members of a group, as the server knows them now. */
    public List<String> members(String group) {
        return run(() -> {
            MemberList list = requireSession().membership().members(group);
            return list.members();
        });
    }

    // ---------------------------------------------------------------- users

    /** Every user with presence and last seen. */
    public List<UserStatus> users() {
        requireSignedIn();
        UserList list = call(new ListUsers(), UserList.class);
        return list.users().stream()
                .map(u -> new UserStatus(u.username(), u.presence(),
                        u.lastSeenMillis() == 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(u.lastSeenMillis()))))
                .toList();
    }

    /** Tells the server (and so other users) that we are online or away. */
    public void setPresence(Presence presence) {
        requireSignedIn();
        call(new SetPresence(presence), Ok.class);
    }

    /**
     * The 60-digit safety number with a user, as twelve groups of five digits. Both users see the
     * same number exactly when each has the other's real identity key; compare it in person or on a call.
     */
    public String safetyNumber(String username) {
        return run(() -> {
            AccountSession s = requireSession();
            var identities = s.context().account().crypto().identities();
            Optional<IdentityKey> theirs = identities.identity(username.toLowerCase(Locale.ROOT));
            if (theirs.isEmpty()) {
                s.pairwise().ensureSession(username);
                theirs = identities.identity(username.toLowerCase(Locale.ROOT));
            }
            IdentityKey remote = theirs.orElseThrow(() -> new ParleyException(Reason.REFUSED,
                    "no identity key is known for " + username));
            return SafetyNumber.of(s.context().self().toLowerCase(Locale.ROOT), identities.localIdentity().publicKey(),
                    username.toLowerCase(Locale.ROOT), remote).displayText();
        });
    }

    // ---------------------------------------------------------------- events

    /** Adds a listener; it runs on the client's event thread, one event at a time, in order. */
    public void addListener(Consumer<ClientEvent> listener) {
        events.addListener(listener);
    }

    public void removeListener(Consumer<ClientEvent> listener) {
        events.removeListener(listener);
    }

    /** Waits until listeners have seen every event published so far (for orderly output in scripts). */
    public void flushEvents() {
        events.flush();
    }

    /**
     * The events collected since the client opened (up to {@link ClientOptions#collectedEvents()},
     * oldest dropped first).
     *
     * @throws IllegalStateException when the options turned collecting off
     */
    public EventQueue events() {
        EventQueue queue = events.queue();
        if (queue == null) {
            throw new IllegalStateException("event collecting is off (ClientOptions.collectedEvents is 0)");
        }
        return queue;
    }

    /** Diagnostics for tests: raw deliveries, decrypting a given ciphertext, the outbox size. */
    public Inspection inspect() {
        return new Inspection() {
            @Override
            public void onDeliver(Consumer<Deliver> listener) {
                rawDeliveries.add(listener);
            }

            @Override
            public Optional<String> tryDecryptGroupMessage(String group, String sender, byte[] payload) {
                return run(() -> {
                    AccountSession s = requireSession();
                    try {
                        byte[] plain = new GroupCipher(s.context().account().crypto().senderKeys(),
                                group.toLowerCase(Locale.ROOT), sender.toLowerCase(Locale.ROOT)).decrypt(payload);
                        return Optional.of(dev.parley.client.content.ContentCodec.decode(plain))
                                .filter(Text.class::isInstance).map(c -> ((Text) c).text());
                    } catch (dev.parley.crypto.CryptoException | dev.parley.client.content.InvalidContentException e) {
                        return Optional.<String>empty();
                    }
                });
            }

            @Override
            public int outboxSize() {
                return run(() -> session == null ? 0 : session.outbox().size());
            }
        };
    }

    /** Closes the connection and the store; the session token stays so {@link #resume} works next time. */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        Thread r = reconnector;
        if (r != null) {
            r.interrupt();
        }
        try {
            worker.call(() -> {
                endSession();
                Connection c = connection;
                connection = null;
                if (c != null) {
                    c.close();
                }
                return null;
            });
        } catch (Exception e) {
            log.warn("closing failed", e);
        }
        worker.close();
        events.close();
    }

    // ---------------------------------------------------------------- internals

    /** Runs on the worker; every failure becomes one ParleyException. */
    private <T> T run(Worker.Task<T> task) {
        try {
            return worker.call(task);
        } catch (Exception e) {
            throw Failures.translate(e, endpoint);
        }
    }

    private <T extends Message> T call(Message request, Class<T> expected) {
        try {
            return requests.call(request, expected);
        } catch (Exception e) {
            throw Failures.translate(e, endpoint);
        }
    }

    private <T extends Message> T call(Connection c, Message request, Class<T> expected)
            throws ServerErrorException, IOException {
        return new Requests() {
            @Override
            public CompletableFuture<Message> request(Message message) {
                return c.request(message);
            }

            @Override
            public boolean connected() {
                return c.isOpen();
            }
        }.call(request, expected);
    }

    private ChatMessage await(CompletableFuture<ChatMessage> accepted, String what) {
        try {
            return accepted.get(options.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new ParleyException(Reason.TIMEOUT, what + " is not confirmed by the server yet;"
                    + " it stays in the outbox and is sent as soon as the server is reachable", null, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Outbox.MessageRefusedException refused) {
                throw new ParleyException(Reason.REFUSED, Failures.sentence(refused.getMessage()), null, refused);
            }
            throw Failures.translate(e, endpoint);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Failures.translate(e, endpoint);
        }
    }

    private void requireSignedOut() {
        if (session != null) {
            throw new ParleyException(Reason.INVALID_INPUT, "already signed in as " + session.context().self()
                    + "; sign out first");
        }
    }

    private AccountSession requireSession() {
        if (session == null) {
            throw notSignedIn();
        }
        return session;
    }

    private void requireSignedIn() {
        if (signedInAs == null) {
            throw notSignedIn();
        }
    }

    private static ParleyException notSignedIn() {
        return new ParleyException(Reason.NOT_SIGNED_IN, "sign in first");
    }

    private static void requirePassword(String password) {
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("the password is empty");
        }
    }

    private static void checkText(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a message cannot be empty");
        }
        if (text.getBytes(StandardCharsets.UTF_8).length > Text.MAX_BYTES) {
            throw new IllegalArgumentException("the message is too long (at most " + Text.MAX_BYTES + " bytes)");
        }
    }

    private ParleyException noLocalKeys(String username) {
        return new ParleyException(Reason.NO_LOCAL_KEYS, "this data folder (" + options.dataDir()
                + ") holds no keys for " + username + "; sign in from the data folder where " + username
                + " signed up");
    }

    /** Gives up a connection that signed in but cannot be used (no local keys). */
    private void abandon(Connection c) {
        try {
            call(c, new SignOut(), Ok.class);
        } catch (Exception e) {
            log.debug("sign-out after refused sign-in failed: {}", e.toString());
        }
        c.close();
        if (connection == c) {
            connection = null;
        }
    }

    private Account openAccount(String username) {
        return Account.open(folders, username, options.clock(), random,
                user -> events.publish(new ClientEvent.SafetyNumberChanged(user)));
    }

    private static void remember(Account account, SignedIn signedIn) {
        account.meta().putBytes(AccountMeta.TOKEN, signedIn.token());
        account.meta().putString(AccountMeta.USERNAME, signedIn.username());
    }

    private void start(Account account, SignedIn signedIn) {
        Context context = new Context(account, requests, events, worker, options.clock());
        Connection.Timeouts timeouts = new Connection.Timeouts(options.connectTimeout(), options.requestTimeout(),
                options.pingInterval());
        BlobStream.Access files = new BlobStream.Access(endpoint, trust, timeouts, FileTransfers.credentials(context));
        Path downloads = options.downloadsDir() != null ? options.downloadsDir() : account.folder().resolve("downloads");
        session = new AccountSession(context, rawDeliveries, files, downloads);
        signedInAs = signedIn.username();
        log.info("signed in as {}", signedIn.username());
        session.online(signedIn);
    }

    private void endSession() {
        if (session != null) {
            session.close();
            session = null;
            signedInAs = null;
        }
    }

    /** The open connection, or a new one, for a sign-in (worker thread). */
    private Connection connectionForSignIn() throws IOException {
        Connection c = connection;
        if (c != null && c.isOpen()) {
            return c;
        }
        c = openConnection();
        connection = c;
        return c;
    }

    private Connection openConnection() throws IOException {
        Connection.Timeouts timeouts = new Connection.Timeouts(options.connectTimeout(), options.requestTimeout(),
                options.pingInterval());
        Connection[] self = new Connection[1];
        Connection c = Connection.open(endpoint, trust, timeouts, new ConnectionListener() {
            @Override
            public void onPush(Message push) {
                worker.execute(() -> {
                    if (push instanceof dev.parley.wire.Error error) {
                        serverSaid(self[0], error);
                    } else if (session != null) {
                        session.onPush(push);
                    }
                });
            }

            @Override
            public void onClosed(Throwable cause) {
                worker.execute(() -> disconnected(self[0], cause));
            }
        });
        self[0] = c;
        c.pinnedOnFirstUse().ifPresent(fingerprint -> events.publish(
                new ClientEvent.ServerPinned(endpoint.toString(), Fingerprints.display(fingerprint))));
        return c;
    }

    /** The server pushed an error, usually just before it closes the connection (worker thread). */
    private void serverSaid(Connection c, dev.parley.wire.Error error) {
        log.info("server: {} ({})", error.message(), error.code());
        if (session == null || c != connection) {
            return;
        }
        if (error.code() == dev.parley.wire.ErrorCode.ALREADY_SIGNED_IN) {
            // signed in elsewhere with this account: reconnecting would take the session back and forth
            connection = null;
            c.close();
            signedOutByServer(Failures.sentence(error.message()));
            return;
        }
        events.publish(new ClientEvent.Problem(Failures.sentence(error.message())));
    }

    /** A connection ended (worker thread). */
    private void disconnected(Connection c, Throwable cause) {
        if (c == null || c != connection) {
            return;
        }
        connection = null;
        if (session == null || closing) {
            return;
        }
        log.info("connection lost: {}", cause == null ? "closed" : cause.toString());
        events.publish(new ClientEvent.ConnectionChanged(ConnectionState.RECONNECTING,
                "connection to the server lost; reconnecting"));
        startReconnecting();
    }

    /**
     * Starts the reconnect loop unless one is running (worker thread). The loop clears {@link #reconnector}
     * on the worker in the same task in which it decides to stop, so a connection lost right after a
     * successful resume, while the old loop is still finishing, always starts a new loop.
     */
    private void startReconnecting() {
        if (reconnector != null) {
            return;
        }
        reconnector = Thread.ofVirtual().name("parley-reconnect").start(this::reconnectLoop);
    }

    private enum Outcome { ONLINE, RETRY, GAVE_UP }

    private void reconnectLoop() {
        Backoff backoff = new Backoff(options.reconnectMin(), options.reconnectMax(),
                () -> ThreadLocalRandom.current().nextDouble());
        while (!closing) {
            if (!sleep(backoff.next())) {
                return;
            }
            Outcome outcome;
            try {
                boolean wanted = worker.call(() -> {
                    boolean stillWanted = session != null && connection == null && !closing;
                    if (!stillWanted) {
                        reconnector = null;
                    }
                    return stillWanted;
                });
                if (!wanted) {
                    return;
                }
                Connection c = openConnection();
                outcome = worker.call(() -> {
                    Outcome result = resumeOn(c);
                    if (result != Outcome.RETRY) {
                        reconnector = null;
                    }
                    return result;
                });
            } catch (ServerCertificateChangedException e) {
                log.error("server certificate changed: {}", e.getMessage());
                events.publish(new ClientEvent.ConnectionChanged(ConnectionState.OFFLINE, e.getMessage()));
                worker.execute(() -> reconnector = null);
                return;
            } catch (IOException e) {
                log.debug("reconnect attempt failed: {}", e.toString());
                outcome = Outcome.RETRY;
            } catch (Exception e) {
                log.warn("reconnect attempt failed", e);
                outcome = Outcome.RETRY;
            }
            if (outcome != Outcome.RETRY) {
                return;
            }
        }
    }

    /** Resumes the session on a fresh connection (worker thread). */
    private Outcome resumeOn(Connection c) {
        if (session == null || closing) {
            c.close();
            return Outcome.GAVE_UP;
        }
        Account account = session.context().account();
        Optional<byte[]> token = account.meta().bytes(AccountMeta.TOKEN);
        if (token.isEmpty()) {
            c.close();
            signedOutByServer("this device holds no session for " + account.username() + "; sign in again");
            return Outcome.GAVE_UP;
        }
        try {
            connection = c;
            SignedIn signedIn = call(c, new Resume(account.username(), token.get()), SignedIn.class);
            account.meta().putBytes(AccountMeta.TOKEN, signedIn.token());
            events.publish(new ClientEvent.ConnectionChanged(ConnectionState.ONLINE, "reconnected"));
            log.info("resumed the session of {}", account.username());
            session.online(signedIn);
            return Outcome.ONLINE;
        } catch (ServerErrorException e) {
            connection = null;
            c.close();
            switch (e.code()) {
                case RATE_LIMITED, UNAVAILABLE, INTERNAL, LIMIT_REACHED -> {
                    return Outcome.RETRY;
                }
                default -> {
                    account.meta().remove(AccountMeta.TOKEN);
                    signedOutByServer(Failures.sentence(e.getMessage()));
                    return Outcome.GAVE_UP;
                }
            }
        } catch (IOException e) {
            if (connection == c) {
                connection = null;
            }
            c.close();
            return Outcome.RETRY;
        }
    }

    private void signedOutByServer(String reason) {
        endSession();
        events.publish(new ClientEvent.SignedOut(reason));
    }

    private static boolean sleep(Duration duration) {
        try {
            Thread.sleep(duration);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Requests over whatever connection is current. */
    private final class CurrentConnection implements Requests {

        @Override
        public CompletableFuture<Message> request(Message message) {
            Connection c = connection;
            if (c == null || !c.isOpen()) {
                return CompletableFuture.failedFuture(new ConnectionClosedException("not connected to the server", null));
            }
            return c.request(message);
        }

        @Override
        public boolean tell(Message message) {
            Connection c = connection;
            return c != null && c.tell(message);
        }

        @Override
        public boolean connected() {
            Connection c = connection;
            return c != null && c.isOpen();
        }
    }
}
