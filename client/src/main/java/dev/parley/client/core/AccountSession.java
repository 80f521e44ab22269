package dev.parley.client.core;

import dev.parley.client.events.ClientEvent;
import dev.parley.client.files.BlobStream;
import dev.parley.client.files.FileTransfers;
import dev.parley.client.groups.GroupKeys;
import dev.parley.client.groups.Membership;
import dev.parley.client.keys.KeyMaintenance;
import dev.parley.client.messaging.Inbound;
import dev.parley.client.messaging.Outbox;
import dev.parley.client.messaging.PairwiseSessions;
import dev.parley.wire.Deliver;
import dev.parley.wire.KeysLow;
import dev.parley.wire.MembershipChanged;
import dev.parley.wire.Message;
import dev.parley.wire.PresenceUpdate;
import dev.parley.wire.QueueDrained;
import dev.parley.wire.Receipt;
import dev.parley.wire.SignedIn;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A signed-in account with its parts wired together; routes the server's pushes. Worker-confined. */
public final class AccountSession implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AccountSession.class);

    private final Context context;
    private final PairwiseSessions pairwise;
    private final GroupKeys groupKeys;
    private final Outbox outbox;
    private final Inbound inbound;
    private final Membership membership;
    private final KeyMaintenance keys;
    private final FileTransfers files;
    private final List<Consumer<Deliver>> rawDeliveries;

    /**
     * @param files     how file streams reach the server (null: this session neither sends nor receives files)
     * @param downloads where received files are saved
     */
    public AccountSession(Context context, List<Consumer<Deliver>> rawDeliveries, BlobStream.Access files, Path downloads) {
        this.context = context;
        this.pairwise = new PairwiseSessions(context);
        this.groupKeys = new GroupKeys(context);
        this.outbox = new Outbox(context, pairwise, groupKeys);
        this.groupKeys.useOutbox(outbox);
        this.membership = new Membership(context, groupKeys);
        this.files = files == null ? null : new FileTransfers(context, files, downloads, outbox, groupKeys, membership);
        if (this.files != null) {
            this.groupKeys.useFiles(this.files);
            this.inbound = new Inbound(context, pairwise, groupKeys, this.files);
        } else {
            this.inbound = new Inbound(context, pairwise, groupKeys);
        }
        this.keys = new KeyMaintenance(context);
        this.rawDeliveries = rawDeliveries instanceof CopyOnWriteArrayList<Consumer<Deliver>> ? rawDeliveries
                : new CopyOnWriteArrayList<>(rawDeliveries);
    }

    public Context context() {
        return context;
    }

    public PairwiseSessions pairwise() {
        return pairwise;
    }

    public GroupKeys groupKeys() {
        return groupKeys;
    }

    public Outbox outbox() {
        return outbox;
    }

    public Membership membership() {
        return membership;
    }

    /** Sending and receiving files. */
    public FileTransfers files() {
        if (files == null) {
            throw new IllegalStateException("files are off in this session");
        }
        return files;
    }

    /** Signed in (again) on a new connection: refresh keys and groups, then resend the outbox. */
    public void online(SignedIn signedIn) {
        outbox.connectionReset();
        keys.maintain(signedIn.oneTimePreKeysLeft());
        membership.reconcile();
        context.account().inbox().pruneReceived(java.time.Duration.ofDays(60));
        outbox.pump();
        if (files != null) {
            files.online();
        }
    }

    public void onPush(Message push) {
        switch (push) {
            case Deliver deliver -> {
                rawDeliveries.forEach(listener -> listener.accept(deliver));
                inbound.deliver(deliver);
            }
            case Receipt receipt -> inbound.receipt(receipt);
            case PresenceUpdate(var user) -> {
                if (!user.username().equalsIgnoreCase(context.self())) {
                    context.publish(new ClientEvent.PresenceChanged(user.username(), user.presence(),
                            user.lastSeenMillis() == 0 ? null : Instant.ofEpochMilli(user.lastSeenMillis())));
                }
            }
            case MembershipChanged change -> membership.changed(change);
            case KeysLow low -> keys.maintain(low.remaining());
            case QueueDrained ignored -> context.publish(new ClientEvent.QueueDrained());
            default -> log.warn("ignoring unexpected push {}", push.type());
        }
    }

    @Override
    public void close() {
        if (files != null) {
            files.close();
        }
        context.account().close();
    }
}
