package dev.parley.client.messaging;

import dev.parley.client.ChatMessage;
import dev.parley.client.content.Content;
import dev.parley.client.content.ContentCodec;
import dev.parley.client.content.FileDone;
import dev.parley.client.content.FileOffer;
import dev.parley.client.content.InvalidContentException;
import dev.parley.client.content.SenderKeyDistribution;
import dev.parley.client.content.Text;
import dev.parley.client.core.Context;
import dev.parley.client.events.ClientEvent;
import dev.parley.crypto.CryptoException;
import dev.parley.crypto.UntrustedIdentityException;
import dev.parley.crypto.session.SessionCipher;
import dev.parley.wire.Ack;
import dev.parley.wire.Deliver;
import dev.parley.wire.Limits;
import dev.parley.wire.Receipt;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the server delivers: each message is decrypted, stored, and only then acknowledged, so the
 * server deletes nothing the client does not have. A redelivery under the same server id (a lost
 * Ack) or a copy of a message already stored under a new server id (its sender sent it again
 * because the server lost it before its commit; or a replay of its exact bytes) is acknowledged again
 * and neither shown twice nor reported: it is recognised by a digest of its sender, group and bytes.
 * A ciphertext that cannot be decrypted — a forged, tampered or otherwise altered one — is
 * acknowledged and reported in one line, never a crash and never shown. Runs on the worker.
 */
public final class Inbound {

    private static final Logger log = LoggerFactory.getLogger(Inbound.class);

    /** The group half of receiving: sender keys and group ciphertexts. */
    public interface GroupReceiver {

        /** Handles a group Deliver (decrypt or keep pending), inside the caller's transaction; returns events. */
        List<ClientEvent> receive(Deliver deliver);

        /** A member's sender key arrived over our pairwise session; returns events of messages it unlocked. */
        List<ClientEvent> senderKeyArrived(String sender, SenderKeyDistribution distribution);
    }

    private final Context context;
    private final PairwiseSessions sessions;
    private final GroupReceiver groups;
    private final IncomingFiles files;
    private final List<Long> acks = new ArrayList<>();
    private boolean flushScheduled;

    public Inbound(Context context, PairwiseSessions sessions, GroupReceiver groups) {
        this(context, sessions, groups, IncomingFiles.IGNORE);
    }

    public Inbound(Context context, PairwiseSessions sessions, GroupReceiver groups, IncomingFiles files) {
        this.context = context;
        this.sessions = sessions;
        this.groups = groups;
        this.files = files;
    }

    public void deliver(Deliver deliver) {
        List<ClientEvent> events = new ArrayList<>();
        byte[] copy = copyDigest(deliver);
        if (!context.account().inbox().alreadyReceived(deliver.messageId(), copy)) {
            if (deliver.group().isEmpty()) {
                events.addAll(direct(deliver, copy));
            } else {
                events.addAll(context.account().db().inTransaction(() -> {
                    List<ClientEvent> found = groups.receive(deliver);
                    context.account().inbox().markReceived(deliver.messageId(), copy);
                    return found;
                }));
            }
        } else {
            log.debug("message {} arrived again, or a copy of one we have; acknowledging it", deliver.messageId());
        }
        acknowledge(deliver.messageId());
        events.forEach(context::publish);
    }

    /**
     * SHA-256 over the sender, the group and the ciphertext, each length-prefixed: the same for every copy of one
     * message (the outbox sends the same sealed bytes again), different for any other message (each has its own key).
     */
    static byte[] copyDigest(Deliver deliver) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
        for (byte[] field : List.of(deliver.sender().getBytes(StandardCharsets.UTF_8),
                deliver.group().getBytes(StandardCharsets.UTF_8), deliver.payload())) {
            sha256.update(ByteBuffer.allocate(Integer.BYTES).putInt(field.length).array());
            sha256.update(field);
        }
        return sha256.digest();
    }

    private List<ClientEvent> direct(Deliver deliver, byte[] copy) {
        String sender = deliver.sender();
        SessionCipher cipher = new SessionCipher(context.account().crypto(), PairwiseSessions.id(sender));
        for (int attempt = 0; ; attempt++) {
            try {
                return context.account().db().inTransaction(() -> {
                    byte[] plaintext = cipher.decrypt(deliver.payload());
                    context.account().inbox().markReceived(deliver.messageId(), copy);
                    try {
                        return handle(deliver, ContentCodec.decode(plaintext));
                    } catch (InvalidContentException e) {
                        // decrypted, and the ratchet step is kept, but not a content this build understands
                        return failed(deliver, copy, e);
                    }
                });
            } catch (UntrustedIdentityException e) {
                if (attempt > 0) {
                    return failed(deliver, copy, e);
                }
                sessions.acceptNewIdentity(e);
            } catch (CryptoException e) {
                // a DuplicateMessageException too: a second delivery of a message we have, or a copy of its bytes,
                // is recognised above and only acknowledged again, so a spent or missing key here means an altered
                // copy or a message later than the 2,000 skipped keys we keep — told, instead of vanishing
                return failed(deliver, copy, e);
            }
        }
    }

    private List<ClientEvent> failed(Deliver deliver, byte[] copy, Exception e) {
        log.warn("message {} from {} could not be decrypted: {}", deliver.messageId(), deliver.sender(), e.toString());
        context.account().inbox().markReceived(deliver.messageId(), copy);
        return List.of(new ClientEvent.DecryptionFailed(deliver.sender(), null));
    }

    private List<ClientEvent> handle(Deliver deliver, Content content) {
        return switch (content) {
            case Text text -> {
                ChatMessage stored = context.account().history().addIncoming(false, deliver.sender(), deliver.sender(),
                        text.text(), Instant.ofEpochMilli(deliver.sentAtMillis()), deliver.messageId());
                yield List.of(new ClientEvent.MessageReceived(stored));
            }
            case SenderKeyDistribution distribution -> groups.senderKeyArrived(deliver.sender(), distribution);
            case FileOffer offer -> files.offered(deliver.sender(), null, deliver.messageId(), deliver.sentAtMillis(), offer);
            case FileDone done -> files.done(deliver.sender(), null, done);
        };
    }

    public void receipt(Receipt receipt) {
        context.account().history()
                .recordReceipt(receipt.messageId(), receipt.recipient(), Instant.ofEpochMilli(receipt.atMillis()))
                .ifPresent(message -> context.publish(
                        new ClientEvent.MessageDelivered(message, receipt.recipient(),
                                Instant.ofEpochMilli(receipt.atMillis()))));
    }

    /** Acknowledgements go out in batches: after every delivery already queued on the worker. */
    private void acknowledge(long messageId) {
        acks.add(messageId);
        if (!flushScheduled) {
            flushScheduled = true;
            context.worker().execute(this::flushAcks);
        }
    }

    private void flushAcks() {
        flushScheduled = false;
        while (!acks.isEmpty()) {
            int n = Math.min(acks.size(), Limits.MAX_ACKS_PER_FRAME);
            List<Long> batch = List.copyOf(acks.subList(0, n));
            acks.subList(0, n).clear();
            if (!context.server().connected()) {
                log.debug("not connected; {} acks dropped, the server will redeliver", batch.size());
                continue;
            }
            // no reply wanted: the server answers an Ack only if it fails; an unacknowledged message is
            // simply delivered again at the next sign-in
            if (!context.server().tell(new Ack(batch))) {
                log.debug("{} acks not sent; the server will redeliver", batch.size());
            }
        }
    }
}
