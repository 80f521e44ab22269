package dev.parley.client.messaging;

import dev.parley.client.ChatMessage;
import dev.parley.client.connection.ServerErrorException;
import dev.parley.client.content.ContentCodec;
import dev.parley.client.content.FileDone;
import dev.parley.client.content.FileOffer;
import dev.parley.client.content.SenderKeyDistribution;
import dev.parley.client.content.Text;
import dev.parley.client.core.Context;
import dev.parley.client.core.Requests;
import dev.parley.client.events.ClientEvent;
import dev.parley.client.store.OutboxEntry;
import dev.parley.client.store.OutboxEntry.Kind;
import dev.parley.crypto.CryptoException;
import dev.parley.wire.Accepted;
import dev.parley.wire.ErrorCode;
import dev.parley.wire.Message;
import dev.parley.wire.Send;
import dev.parley.wire.SendGroup;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends go through here, in order. A send is first written to the outbox (with its history row),
 * sealed — encrypted, the ciphertext stored in the same transaction as the ratchet step — and only
 * then put on the wire. Accepted removes it; a dropped connection leaves it to be resent
 * byte-identical with the same client message id, so the server stores it once. Everything here
 * runs on the worker.
 *
 * <p>Order matters beyond looks: each message of a conversation carries the next key of its chain,
 * and a recipient keeps only a bounded number of keys for messages that arrive late. So the server
 * must store the messages in the order they were sealed. Only the oldest {@link #WINDOW} entries
 * may be in flight, sent oldest first; when one is not accepted (rate limit, timeout, broken connection) nothing
 * more goes out until every request in flight has its answer and the retry delay has passed, and
 * then sending starts again from the oldest entry still here. A rate limit can therefore only
 * reorder messages within one window, which the recipient's late-key store covers many times over.
 */
public final class Outbox {

    private static final Logger log = LoggerFactory.getLogger(Outbox.class);
    /** The first retry after something was not accepted; doubled each time nothing got through, up to {@link #RETRY_MAX}. */
    private static final Duration RETRY_FIRST = Duration.ofMillis(250);
    private static final Duration RETRY_MAX = Duration.ofSeconds(2);
    /**
     * Only entries within this many rows of the oldest one not yet accepted are sent, so no message can
     * be stored more than this many behind a later one; far below what a recipient tolerates out of
     * order (1,000 ahead, 2,000 late).
     */
    public static final int WINDOW = 128;

    private final Context context;
    private final PairwiseSessions sessions;
    private final GroupSealer groupSealer;
    /** Client message ids sent on the current connection and not yet answered. */
    private final Set<Long> inFlight = new HashSet<>();
    private final Map<Long, CompletableFuture<ChatMessage>> waiting = new HashMap<>();
    /** Outbox row of the last entry sent on the current connection; the next send is the first row after it. */
    private long cursor;
    /** Counts connections, so an answer that arrives after its connection was replaced is told apart. */
    private long connection;
    /** Something was not accepted: nothing new goes out until all in flight is answered and the retry is due. */
    private boolean held;
    private boolean retryDue;
    private long holdNumber;
    private Duration retryDelay = RETRY_FIRST;

    public Outbox(Context context, PairwiseSessions sessions, GroupSealer groupSealer) {
        this.context = context;
        this.sessions = sessions;
        this.groupSealer = groupSealer;
    }

    /** Queues a direct message; the future completes once the server accepted it. */
    public CompletableFuture<ChatMessage> sendDirect(String user, String text) {
        return enqueueText(false, user, text, 1);
    }

    /** Queues a group message; the future completes once the server accepted it for every member. */
    public CompletableFuture<ChatMessage> sendGroup(String group, String text, int recipients) {
        return enqueueText(true, group, text, recipients);
    }

    private CompletableFuture<ChatMessage> enqueueText(boolean group, String target, String text, int recipients) {
        Instant now = context.clock().instant();
        return enqueue(group, target, ContentCodec.encode(new Text(text, now.toEpochMilli())), text, now, recipients);
    }

    /**
     * Queues the message announcing an uploaded file (to a user, or to a group with our sender key);
     * {@code description} is what the history shows for it.
     */
    public CompletableFuture<ChatMessage> sendFile(boolean group, String target, FileOffer offer, String description,
                                                   int recipients) {
        return enqueue(group, target, ContentCodec.encode(offer), description, Instant.ofEpochMilli(offer.sentAtMillis()),
                recipients);
    }

    /** Queues the completion (digest) or abandonment of a file announced while it uploaded; no history row of its own. */
    public void sendFileDone(boolean group, String target, FileDone done) {
        context.account().outbox().add(group ? Kind.GROUP : Kind.DIRECT, target, ContentCodec.encode(done), 0);
        context.worker().execute(this::pump);
    }

    private CompletableFuture<ChatMessage> enqueue(boolean group, String target, byte[] content, String text, Instant now,
                                                   int recipients) {
        ChatMessage message = context.account().db().inTransaction(() -> {
            ChatMessage stored = context.account().history()
                    .addOutgoing(group, target, context.self(), text, now, recipients);
            context.account().outbox().add(group ? Kind.GROUP : Kind.DIRECT, target, content, stored.id());
            return stored;
        });
        CompletableFuture<ChatMessage> accepted = new CompletableFuture<>();
        waiting.put(message.id(), accepted);
        context.worker().execute(this::pump);
        return accepted;
    }

    /** Queues our sender key for one member of a group, over our pairwise session with them. */
    public void enqueueSenderKey(String member, String group, byte[] distribution) {
        byte[] content = ContentCodec.encode(new SenderKeyDistribution(group, distribution));
        context.account().outbox().add(Kind.SENDER_KEY, member, content, 0);
    }

    public int size() {
        return context.account().outbox().size();
    }

    /** The connection was replaced: everything not yet accepted goes out again, in order. */
    public void connectionReset() {
        connection++;
        inFlight.clear();
        cursor = 0;
        held = false;
        retryDue = false;
        holdNumber++;
    }

    /** Seals and sends the next entries of the window, oldest first, unless sending is held. */
    public void pump() {
        Requests server = context.server();
        while (!held && server.connected()) {
            List<OutboxEntry> next = context.account().outbox().window(cursor, WINDOW);
            if (next.isEmpty()) {
                return;
            }
            for (OutboxEntry candidate : next) {
                OutboxEntry entry = candidate.sealed() ? candidate : seal(candidate);
                if (entry == null) {
                    hold();
                    return;
                }
                cursor = candidate.id();
                if (entry != DROPPED && !inFlight.contains(entry.clientMessageId())) {
                    transmit(entry);
                }
                if (held || !server.connected()) {
                    return;
                }
            }
        }
    }

    /** Marks an entry refused for good while sealing; the pump goes on with the next one. */
    private static final OutboxEntry DROPPED = new OutboxEntry(-1, Kind.DIRECT, "", -1, new byte[0], null, 0);

    /** Returns the sealed entry, DROPPED, or null when sealing must wait (for the connection, or a retry). */
    private OutboxEntry seal(OutboxEntry entry) {
        try {
            return switch (entry.kind()) {
                case DIRECT, SENDER_KEY -> {
                    sessions.ensureSession(entry.target());
                    yield context.account().db().inTransaction(() -> context.account().outbox()
                            .seal(entry, sessions.encrypt(entry.target(), entry.content())));
                }
                case GROUP -> context.account().db().inTransaction(() -> {
                    GroupSealer.Sealed sealed = groupSealer.seal(entry.target(), entry.content());
                    context.account().history().setRecipients(entry.historyId(), sealed.recipients());
                    return context.account().outbox().seal(entry, sealed.payload());
                });
            };
        } catch (ServerErrorException e) {
            if (retryable(e.code())) {
                return null;
            }
            failForGood(entry, e.getMessage());
        } catch (IOException e) {
            log.info("sealing {} waits for the connection: {}", entry, e.getMessage());
            return null;
        } catch (CryptoException e) {
            log.warn("cannot encrypt {}: {}", entry, e.toString());
            failForGood(entry, "it could not be encrypted for " + entry.target());
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            log.error("cannot seal {}", entry, e);
            failForGood(entry, "it could not be encrypted for " + entry.target());
        }
        return DROPPED;
    }

    private void transmit(OutboxEntry entry) {
        long id = entry.clientMessageId();
        long on = connection;
        inFlight.add(id);
        Message request = entry.direct()
                ? new Send(entry.target(), id, entry.payload())
                : new SendGroup(entry.target(), id, entry.payload());
        context.server().request(request).whenComplete((response, failure) ->
                context.worker().execute(() -> onResult(on, entry, response, failure)));
    }

    private void onResult(long on, OutboxEntry entry, Message response, Throwable failure) {
        if (failure instanceof java.util.concurrent.CompletionException wrapped && wrapped.getCause() != null) {
            failure = wrapped.getCause();
        }
        if (on != connection) {
            // the answer of a connection that has been replaced: everything was sent again since,
            // only an acceptance still tells something (the server has the message)
            if (failure == null && response instanceof Accepted accepted) {
                accepted(entry, accepted);
            }
            return;
        }
        inFlight.remove(entry.clientMessageId());
        if (failure == null && response instanceof Accepted accepted) {
            retryDelay = RETRY_FIRST;
            accepted(entry, accepted);
        } else if (failure instanceof ServerErrorException refused) {
            if (retryable(refused.code())) {
                hold();
            } else {
                failForGood(entry, refused.getMessage());
            }
        } else if (failure instanceof java.util.concurrent.TimeoutException) {
            log.info("no answer to {} in time; it will be resent", entry);
            hold();
        } else if (failure != null) {
            log.debug("{} waits for the next connection: {}", entry, failure.toString());
            hold();
        } else {
            log.warn("unexpected answer {} to {}", response.type(), entry);
            hold();
        }
        if (held) {
            resumeIfSettled();
        } else {
            pump();
        }
    }

    /**
     * Stops sending: what is in flight may still be accepted after this one, so resending this one
     * now would put it behind later messages. Sending resumes once all of it is answered and the
     * retry delay has passed.
     */
    private void hold() {
        if (held) {
            return;
        }
        held = true;
        retryDue = false;
        long number = ++holdNumber;
        context.worker().schedule(() -> {
            if (number == holdNumber) {
                retryDue = true;
                resumeIfSettled();
            }
        }, retryDelay);
        Duration doubled = retryDelay.multipliedBy(2);
        retryDelay = doubled.compareTo(RETRY_MAX) > 0 ? RETRY_MAX : doubled;
    }

    /** Starts again from the oldest entry once nothing is in flight and the retry is due. */
    private void resumeIfSettled() {
        if (held && retryDue && inFlight.isEmpty()) {
            held = false;
            retryDue = false;
            cursor = 0;
            pump();
        }
    }

    private void accepted(OutboxEntry entry, Accepted accepted) {
        boolean removed = context.account().db().inTransaction(() -> {
            boolean present = context.account().outbox().remove(entry.clientMessageId());
            if (present && entry.historyId() != 0) {
                context.account().history().markSent(entry.historyId(), accepted.messageId());
            }
            return present;
        });
        if (!removed || entry.historyId() == 0) {
            return;
        }
        context.account().history().find(entry.historyId()).ifPresent(message -> {
            context.publish(new ClientEvent.MessageSent(message));
            CompletableFuture<ChatMessage> future = waiting.remove(entry.historyId());
            if (future != null) {
                future.complete(message);
            }
        });
    }

    private void failForGood(OutboxEntry entry, String reason) {
        log.info("{} refused for good: {}", entry, reason);
        context.account().db().inTransaction(() -> {
            context.account().outbox().remove(entry.clientMessageId());
            if (entry.historyId() != 0) {
                context.account().history().markFailed(entry.historyId());
            }
            return null;
        });
        if (entry.kind() == Kind.SENDER_KEY) {
            try {
                if (ContentCodec.decode(entry.content()) instanceof SenderKeyDistribution skd) {
                    context.account().groups().unshared(skd.group(), entry.target());
                }
            } catch (dev.parley.client.content.InvalidContentException e) {
                log.warn("outbox holds unreadable content for {}", entry);
            }
            return;
        }
        context.account().history().find(entry.historyId()).ifPresent(message -> {
            context.publish(new ClientEvent.SendFailed(message, reason));
            CompletableFuture<ChatMessage> future = waiting.remove(entry.historyId());
            if (future != null) {
                future.completeExceptionally(new MessageRefusedException(message, reason));
            }
        });
    }

    private static boolean retryable(ErrorCode code) {
        return switch (code) {
            case RATE_LIMITED, UNAVAILABLE, INTERNAL, NOT_SIGNED_IN, SESSION_EXPIRED -> true;
            default -> false;
        };
    }

    /** The server refused a message for good; the message is its sentence. */
    public static final class MessageRefusedException extends Exception {

        private final transient ChatMessage refused;

        public MessageRefusedException(ChatMessage refused, String reason) {
            super(reason);
            this.refused = refused;
        }

        public ChatMessage refused() {
            return refused;
        }
    }
}
