package dev.parley.bench;

import dev.parley.wire.ErrorCode;
import dev.parley.wire.KeyUpload;
import dev.parley.wire.Message;
import dev.parley.wire.OneTimePreKey;
import dev.parley.wire.Resume;
import dev.parley.wire.SignIn;
import dev.parley.wire.SignUp;
import dev.parley.wire.SignedIn;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The benchmark's user accounts on one server, remembered between runs in a small file (username, password,
 * latest session token) named after the server certificate's fingerprint, so a second run against the same
 * server data signs in with Resume instead of signing up again (sign-up hashes a password and is slow on
 * purpose). A server with a new data folder has a new certificate and so gets a new file.
 */
public final class Accounts {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Path file;
    private final Map<String, Account> byName = new ConcurrentHashMap<>();
    private final long requestTimeoutMillis;
    public final java.util.concurrent.atomic.LongAdder signUps = new java.util.concurrent.atomic.LongAdder();
    public final java.util.concurrent.atomic.LongAdder passwordSignIns = new java.util.concurrent.atomic.LongAdder();
    public final java.util.concurrent.atomic.LongAdder resumes = new java.util.concurrent.atomic.LongAdder();

    /** One account; the token changes with every sign-in. */
    public static final class Account {
        final String username;
        final String password;
        volatile byte[] token;
        volatile boolean exists;

        Account(String username, String password, byte[] token, boolean exists) {
            this.username = username;
            this.password = password;
            this.token = token;
            this.exists = exists;
        }

        public String username() {
            return username;
        }

        public byte[] token() {
            return token;
        }
    }

    private Accounts(Path file, long requestTimeoutMillis) {
        this.file = file;
        this.requestTimeoutMillis = requestTimeoutMillis;
    }

    /** Loads (or starts) the account file of the server with this certificate fingerprint; null dir = in memory only. */
    public static Accounts open(Path stateDir, String fingerprint, long requestTimeoutMillis) throws IOException {
        Path file = stateDir == null ? null : stateDir.resolve("accounts-" + fingerprint.substring(0, Math.min(16, fingerprint.length())) + ".tsv");
        Accounts a = new Accounts(file, requestTimeoutMillis);
        if (file != null && Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                String[] f = line.split("\t");
                if (f.length >= 2 && !line.startsWith("#")) {
                    byte[] token = f.length >= 3 && !f[2].isEmpty() ? Base64.getDecoder().decode(f[2]) : null;
                    a.byName.put(f[0], new Account(f[0], f[1], token, true));
                }
            }
        }
        return a;
    }

    public Path file() {
        return file;
    }

    public Account account(String username) {
        return byName.computeIfAbsent(username, u -> new Account(u, randomPassword(), null, false));
    }

    public boolean hasToken(String username) {
        Account a = byName.get(username);
        return a != null && a.exists && a.token != null;
    }

    public synchronized void save() throws IOException {
        if (file == null) {
            return;
        }
        Files.createDirectories(file.getParent());
        StringBuilder sb = new StringBuilder("# parley-bench accounts: username, password, latest session token (benchmark users only)\n");
        List<Account> all = new ArrayList<>(byName.values());
        all.sort(java.util.Comparator.comparing(x -> x.username));
        for (Account a : all) {
            if (a.exists) {
                sb.append(a.username).append('\t').append(a.password).append('\t')
                        .append(a.token == null ? "" : Base64.getEncoder().encodeToString(a.token)).append('\n');
            }
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, sb);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * A signed-in connection for this account: Resume with the remembered token, else SignIn with the password,
     * else SignUp with random key bytes (the server stores keys without interpreting them). Each attempt that
     * fails closes its connection and the next one starts on a new connection.
     */
    public CompletableFuture<Conn> signIn(Transport transport, Account account, Conn.Listener listener) {
        CompletableFuture<Conn> first;
        if (account.exists && account.token != null) {
            first = attempt(transport, account, listener, new Resume(account.username, account.token), resumes);
        } else {
            first = CompletableFuture.failedFuture(new Refused(null));
        }
        return first.exceptionallyCompose(e -> {
            Throwable cause = unwrap(e);
            if (!(cause instanceof Refused)) {
                return CompletableFuture.failedFuture(cause);
            }
            if (account.exists) {
                return attempt(transport, account, listener, new SignIn(account.username, account.password), passwordSignIns)
                        .exceptionallyCompose(e2 -> unwrap(e2) instanceof Refused r && (r.code == ErrorCode.UNKNOWN_USER || r.code == ErrorCode.WRONG_CREDENTIALS)
                                ? signUp(transport, account, listener)
                                : CompletableFuture.failedFuture(unwrap(e2)));
            }
            return signUp(transport, account, listener);
        });
    }

    private CompletableFuture<Conn> signUp(Transport transport, Account account, Conn.Listener listener) {
        return attempt(transport, account, listener, new SignUp(account.username, account.password, randomKeys()), signUps)
                .exceptionallyCompose(e -> {
                    Throwable cause = unwrap(e);
                    if (cause instanceof Refused r && r.code == ErrorCode.USERNAME_TAKEN) {
                        return CompletableFuture.failedFuture(new IllegalStateException("user " + account.username
                                + " exists on this server with a password the load tool does not know; use another --user-prefix"));
                    }
                    return CompletableFuture.failedFuture(cause);
                });
    }

    private CompletableFuture<Conn> attempt(Transport transport, Account account, Conn.Listener listener, Message request,
                                            java.util.concurrent.atomic.LongAdder counter) {
        return transport.connect(listener).thenCompose(conn -> conn.request(request, requestTimeoutMillis).handle((answer, error) -> {
            if (error == null && answer instanceof SignedIn signedIn) {
                account.token = signedIn.token();
                account.exists = true;
                conn.username = account.username;
                counter.increment();
                return conn;
            }
            conn.close();
            if (error != null) {
                throw new CompletionException(unwrap(error));
            }
            if (answer instanceof dev.parley.wire.Error err) {
                if (err.code() == ErrorCode.RATE_LIMITED || err.code() == ErrorCode.LIMIT_REACHED || err.code() == ErrorCode.UNAVAILABLE
                        || err.code() == ErrorCode.INTERNAL || err.code() == ErrorCode.BAD_REQUEST || err.code() == ErrorCode.INVALID_KEYS
                        || err.code() == ErrorCode.INVALID_NAME) {
                    throw new CompletionException(new IllegalStateException(request.type() + " of " + account.username + " refused: " + Conn.describe(err)));
                }
                throw new CompletionException(new Refused(err.code()));
            }
            throw new CompletionException(new IllegalStateException("unexpected answer to " + request.type() + ": " + answer));
        }));
    }

    static Throwable unwrap(Throwable e) {
        while ((e instanceof CompletionException || e instanceof java.util.concurrent.ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    private static final class Refused extends RuntimeException {
        final ErrorCode code;

        Refused(ErrorCode code) {
            super(code == null ? "no token" : code.name(), null, false, false);
            this.code = code;
        }
    }

    static KeyUpload randomKeys() {
        byte[] identity = new byte[32];
        byte[] signedPreKey = new byte[4 + 32 + 64];
        RANDOM.nextBytes(identity);
        RANDOM.nextBytes(signedPreKey);
        List<OneTimePreKey> oneTime = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            byte[] k = new byte[32];
            RANDOM.nextBytes(k);
            oneTime.add(new OneTimePreKey(i, k));
        }
        return new KeyUpload(identity, signedPreKey, oneTime);
    }

    static String randomPassword() {
        byte[] b = new byte[12];
        RANDOM.nextBytes(b);
        return "bench-" + HexFormat.of().formatHex(b);
    }
}
