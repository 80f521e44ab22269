package dev.parley.client.groups;

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
import dev.parley.client.messaging.GroupSealer;
import dev.parley.client.messaging.IncomingFiles;
import dev.parley.client.messaging.Inbound;
import dev.parley.client.messaging.Outbox;
import dev.parley.client.store.GroupStore;
import dev.parley.client.store.PendingGroupMessage;
import dev.parley.crypto.CryptoException;
import dev.parley.crypto.InvalidMessageException;
import dev.parley.crypto.NoSessionException;
import dev.parley.crypto.group.GroupCipher;
import dev.parley.crypto.group.GroupSessionBuilder;
import dev.parley.wire.Deliver;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sender keys, one per member per group. Before we send to a group our key is replaced if someone
 * left since (so they cannot read what follows) and handed, over the pairwise sessions, to every
 * member who does not hold it yet (a newcomer gets it at its current position, so it cannot read
 * earlier messages). A group message whose sender's key has not arrived yet is kept and decrypted
 * when the key comes: keys and messages from one sender arrive in order, but not across senders.
 */
public final class GroupKeys implements GroupSealer, Inbound.GroupReceiver {

    private static final Logger log = LoggerFactory.getLogger(GroupKeys.class);

    private final Context context;
    private Outbox outbox;
    private IncomingFiles files = IncomingFiles.IGNORE;

    public GroupKeys(Context context) {
        this.context = context;
    }

    /** Wired after construction: where files sent to a group go. */
    public void useFiles(IncomingFiles incoming) {
        this.files = incoming;
    }

    /** Wired after construction: the outbox needs us as its sealer, we need it to hand out keys. */
    public void useOutbox(Outbox sendVia) {
        this.outbox = sendVia;
    }

    static String groupId(String group) {
        return group.toLowerCase(Locale.ROOT);
    }

    /** Users are named to the crypto module in lower case, so both ends bind the same names. */
    static String userId(String user) {
        return user.toLowerCase(Locale.ROOT);
    }

    private String selfId() {
        return userId(context.self());
    }

    private GroupSessionBuilder builder() {
        return new GroupSessionBuilder(context.account().crypto().senderKeys());
    }

    /** Starts a fresh key for a group we just joined or created; nobody holds it yet. */
    public void freshKey(String group) {
        context.account().crypto().forgetGroupKeys(groupId(group));
        builder().create(groupId(group), selfId());
        context.account().groups().rotated(group);
    }

    /**
     * Replaces our key if a member left, creates it if missing, and queues it for every member
     * without it. Returns how many other members the group has.
     */
    public int prepare(String group) {
        GroupStore groups = context.account().groups();
        String id = groupId(group);
        boolean haveKey = context.account().crypto().senderKeys().load(id, selfId()).isPresent();
        byte[] distribution = null;
        if (!haveKey || groups.needsRotation(group)) {
            distribution = haveKey ? builder().rotate(id, selfId()) : builder().create(id, selfId());
            groups.rotated(group);
            log.info("{} our sender key for {}", haveKey ? "replaced" : "created", group);
        }
        List<String> without = groups.membersWithoutOurKey(group, context.self());
        if (!without.isEmpty()) {
            if (distribution == null) {
                distribution = builder().create(id, selfId());
            }
            String name = groups.name(group).orElse(group);
            for (String member : without) {
                outbox.enqueueSenderKey(member, name, distribution);
                groups.shared(group, member);
            }
        }
        return (int) groups.members(group).stream().filter(m -> !m.equalsIgnoreCase(context.self())).count();
    }

    @Override
    public Sealed seal(String group, byte[] content) throws CryptoException {
        int recipients = prepare(group);
        byte[] payload = new GroupCipher(context.account().crypto().senderKeys(), groupId(group), selfId())
                .encrypt(content);
        return new Sealed(payload, recipients);
    }

    @Override
    public List<ClientEvent> receive(Deliver deliver) {
        PendingGroupMessage message = new PendingGroupMessage(deliver.messageId(), deliver.group(), deliver.sender(),
                deliver.sentAtMillis(), deliver.payload());
        try {
            return decrypt(message);
        } catch (NoSessionException e) {
            log.info("group message {} from {} in {} waits for their key", deliver.messageId(), deliver.sender(),
                    deliver.group());
            List<ClientEvent> events = new ArrayList<>();
            for (PendingGroupMessage dropped : context.account().inbox().addPending(message)) {
                events.add(new ClientEvent.DecryptionFailed(dropped.sender(), dropped.group()));
            }
            return events;
        } catch (CryptoException | InvalidContentException e) {
            // a DuplicateMessageException too: a second delivery of a message we have is caught by its server id or
            // its bytes before this, so a spent key here means an altered copy or a key no longer kept — told
            log.warn("group message {} from {} in {}: {}", deliver.messageId(), deliver.sender(), deliver.group(),
                    e.toString());
            return List.of(new ClientEvent.DecryptionFailed(deliver.sender(), deliver.group()));
        }
    }

    private List<ClientEvent> decrypt(PendingGroupMessage message) throws CryptoException, InvalidContentException {
        byte[] plaintext = new GroupCipher(context.account().crypto().senderKeys(), groupId(message.group()),
                userId(message.sender())).decrypt(message.payload());
        Content content = ContentCodec.decode(plaintext);
        if (content instanceof FileOffer offer) {
            return files.offered(message.sender(), message.group(), message.serverMessageId(), message.sentAtMillis(), offer);
        }
        if (content instanceof FileDone done) {
            return files.done(message.sender(), message.group(), done);
        }
        if (!(content instanceof Text text)) {
            log.warn("ignoring {} sent to group {} by {}", content.getClass().getSimpleName(), message.group(),
                    message.sender());
            return List.of();
        }
        ChatMessage stored = context.account().history().addIncoming(true, message.group(), message.sender(),
                text.text(), Instant.ofEpochMilli(message.sentAtMillis()), message.serverMessageId());
        return List.of(new ClientEvent.GroupMessageReceived(stored));
    }

    @Override
    public List<ClientEvent> senderKeyArrived(String sender, SenderKeyDistribution distribution) {
        String id = groupId(distribution.group());
        try {
            builder().process(id, userId(sender), distribution.distribution());
        } catch (InvalidMessageException e) {
            log.warn("unusable sender key from {} for {}: {}", sender, distribution.group(), e.toString());
            return List.of(new ClientEvent.DecryptionFailed(sender, distribution.group()));
        }
        log.info("received the sender key of {} for {}", sender, distribution.group());
        List<ClientEvent> events = new ArrayList<>();
        for (PendingGroupMessage pending : context.account().inbox().pending(distribution.group(), sender)) {
            try {
                events.addAll(decrypt(pending));
                context.account().inbox().removePending(pending.serverMessageId());
            } catch (NoSessionException e) {
                break;
            } catch (CryptoException | InvalidContentException e) {
                log.warn("pending group message {} from {}: {}", pending.serverMessageId(), sender, e.toString());
                context.account().inbox().removePending(pending.serverMessageId());
                events.add(new ClientEvent.DecryptionFailed(sender, pending.group()));
            }
        }
        return events;
    }

    /** Forgets a group's keys and waiting messages (we left it). */
    public void forget(String group) {
        context.account().crypto().forgetGroupKeys(groupId(group));
        context.account().inbox().removePendingForGroup(group);
    }

    /** A member left: their key is of no further use. */
    public void memberLeft(String group, String member) {
        context.account().crypto().senderKeys().delete(groupId(group), userId(member));
    }
}
