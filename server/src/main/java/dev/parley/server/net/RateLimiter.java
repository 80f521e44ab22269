package dev.parley.server.net;

import dev.parley.server.limits.Waits;
import dev.parley.server.state.Account;
import dev.parley.server.state.Connection;
import dev.parley.wire.Ack;
import dev.parley.wire.ErrorCode;
import dev.parley.wire.Frame;
import dev.parley.wire.Message;
import dev.parley.wire.Ping;
import dev.parley.wire.Send;
import dev.parley.wire.SendGroup;
import java.util.function.LongSupplier;

/**
 * Per-user token buckets (they live on the account, so reconnecting does not refill them): one for
 * Send/SendGroup, one for every other request; Ack and Ping are free, because refusing them would
 * only make queues grow. Over the limit: RATE_LIMITED with when to retry. The second check of
 * {@link ConnectionHandler}, after {@link AuthGate}; one for all connections.
 */
public final class RateLimiter {
    private final int messagesPerSecond;
    private final int messageBurst;
    private final int requestsPerSecond;
    private final int requestBurst;
    private final LongSupplier nanoTime;

    public RateLimiter(int messagesPerSecond, int messageBurst, int requestsPerSecond, int requestBurst, LongSupplier nanoTime) {
        this.messagesPerSecond = messagesPerSecond;
        this.messageBurst = messageBurst;
        this.requestsPerSecond = requestsPerSecond;
        this.requestBurst = requestBurst;
        this.nanoTime = nanoTime;
    }

    /** Whether the request goes on; if not, it has been answered. Event loop only. */
    boolean admits(Connection connection, Frame frame) {
        Message message = frame.message();
        Account account = connection.account();
        if (account == null || message instanceof Ack || message instanceof Ping) {
            return true;
        }
        long now = nanoTime.getAsLong();
        boolean isMessage = message instanceof Send || message instanceof SendGroup;
        long wait = isMessage
                ? account.messageBucket(messageBurst, messagesPerSecond, now).tryTake(now)
                : account.requestBucket(requestBurst, requestsPerSecond, now).tryTake(now);
        if (wait > 0) {
            String what = isMessage ? messagesPerSecond + " messages" : requestsPerSecond + " requests";
            connection.fail(frame.id(), ErrorCode.RATE_LIMITED,
                    "slow down: at most " + what + " per second; try again in " + Waits.describe(wait));
            return false;
        }
        return true;
    }
}
