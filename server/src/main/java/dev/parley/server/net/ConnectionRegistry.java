package dev.parley.server.net;

import dev.parley.server.protocol.Texts;
import dev.parley.server.state.Connection;
import dev.parley.wire.ErrorCode;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every open connection, counted per remote address, and the sweep that enforces time limits:
 * a connection not signed in within the sign-in timeout (TLS handshake included) and a signed-in one
 * silent for the idle timeout are closed with a clear Error. One periodic sweep replaces a timer
 * per connection, which keeps idle connections cheap.
 */
public final class ConnectionRegistry {
    private final int maxConnections;
    private final int maxPerAddress;
    private final long signInTimeoutNanos;
    private final long idleTimeoutNanos;
    private final Set<Connection> all = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> perAddress = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();

    public ConnectionRegistry(int maxConnections, int maxPerAddress, long signInTimeoutNanos, long idleTimeoutNanos) {
        this.maxConnections = maxConnections;
        this.maxPerAddress = maxPerAddress;
        this.signInTimeoutNanos = signInTimeoutNanos;
        this.idleTimeoutNanos = idleTimeoutNanos;
    }

    /** Registers the connection; returns the sentence to refuse it with if it is over a limit, else null. */
    public String opened(Connection connection) {
        all.add(connection);
        int count = perAddress.computeIfAbsent(connection.address(), ignored -> new AtomicInteger()).incrementAndGet();
        int overall = total.incrementAndGet();
        if (overall > maxConnections) {
            return String.format(Texts.TOO_MANY_CONNECTIONS, maxConnections);
        }
        if (count > maxPerAddress) {
            return String.format(Texts.TOO_MANY_FROM_ADDRESS, maxPerAddress);
        }
        return null;
    }

    public void closed(Connection connection) {
        if (!all.remove(connection)) {
            return;
        }
        total.decrementAndGet();
        perAddress.computeIfPresent(connection.address(), (ignored, count) -> count.decrementAndGet() <= 0 ? null : count);
    }

    public int size() {
        return total.get();
    }

    public Set<Connection> connections() {
        return all;
    }

    /** Closes connections past their sign-in or idle deadline. Safe from any thread. */
    public void sweep(long nowNanos) {
        for (Connection connection : all) {
            if (connection.account() == null) {
                if (nowNanos - connection.openedAtNanos() > signInTimeoutNanos && !connection.authenticating) {
                    String sentence = String.format(Texts.SIGN_IN_TIMEOUT, Texts.seconds(signInTimeoutNanos / 1_000_000_000L));
                    connection.loop().execute(() -> connection.closeWith(ErrorCode.NOT_SIGNED_IN, sentence));
                }
            } else if (nowNanos - connection.lastReadNanos() > idleTimeoutNanos) {
                String sentence = String.format(Texts.IDLE_TIMEOUT, Texts.seconds(idleTimeoutNanos / 1_000_000_000L));
                connection.loop().execute(() -> connection.closeWith(ErrorCode.LIMIT_REACHED, sentence));
            }
        }
    }
}
