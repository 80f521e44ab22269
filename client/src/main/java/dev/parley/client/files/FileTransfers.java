package dev.parley.client.files;

import dev.parley.client.ChatMessage;
import dev.parley.client.FileTransfer;
import dev.parley.client.FileTransfer.Direction;
import dev.parley.client.ParleyException;
import dev.parley.client.ParleyException.Reason;
import dev.parley.client.ReceivedFile;
import dev.parley.client.content.FileDone;
import dev.parley.client.content.FileOffer;
import dev.parley.client.core.Context;
import dev.parley.client.events.ClientEvent;
import dev.parley.client.groups.GroupKeys;
import dev.parley.client.groups.Membership;
import dev.parley.client.messaging.IncomingFiles;
import dev.parley.client.messaging.Outbox;
import dev.parley.client.store.AccountMeta;
import dev.parley.client.store.DownloadStore.PendingDownload;
import dev.parley.crypto.InvalidKeyException;
import dev.parley.crypto.file.FileFormat;
import dev.parley.crypto.file.FileKey;
import dev.parley.wire.ErrorCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files of one signed-in account: sending (upload once, then one message per conversation through
 * the outbox, so the file key travels end-to-end encrypted like any message) and receiving (a
 * download queue worked off one file at a time by a background thread, resumed at every sign-in).
 * Transfers run on their own threads and their own connections; the worker thread only records and
 * queues, so chat goes on during a transfer.
 */
public final class FileTransfers implements IncomingFiles, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FileTransfers.class);
    private static final AtomicLong IDS = new AtomicLong();
    /** A transfer gives up (for now) when nothing moved for this long. */
    static final Duration STALL = Duration.ofMinutes(2);
    /** A download that could not reach the server is tried again after this. */
    private static final Duration RETRY_LATER = Duration.ofSeconds(30);
    /** Files downloaded at once (one waiting for a slow sender does not hold up the others). */
    static final int PARALLEL_DOWNLOADS = 3;

    private final Context context;
    private final BlobStream.Access access;
    private final Path downloads;
    private final Outbox outbox;
    private final GroupKeys groupKeys;
    private final Membership membership;
    private final Set<Upload> uploads = ConcurrentHashMap.newKeySet();
    private final Set<Thread> uploaders = ConcurrentHashMap.newKeySet();
    private final Object signal = new Object();
    private volatile boolean woken;
    private volatile boolean closed;
    private volatile Thread downloader;
    /** Downloads running now, by download id. */
    private final Map<Long, Thread> active = new ConcurrentHashMap<>();
    private final Set<Download> downloadsRunning = ConcurrentHashMap.newKeySet();
    /** Downloads that could not reach the server, and when to try them again (System.nanoTime). */
    private final Map<Long, Long> retryAt = new ConcurrentHashMap<>();
    /** Per download id: the digest (byte[]) or the sender's failure (String) once the sender's completion arrived. */
    private final Map<Long, Object> completions = new ConcurrentHashMap<>();
    private final Set<Long> warned = ConcurrentHashMap.newKeySet();
    /** Uploads already announced to their recipients and not finished: blob id → where it was announced. */
    private final Map<String, Announced> announcedUploads = new ConcurrentHashMap<>();

    private record Announced(boolean group, List<String> conversations) {
    }

    public FileTransfers(Context context, BlobStream.Access access, Path downloads, Outbox outbox, GroupKeys groupKeys,
                         Membership membership) {
        this.context = context;
        this.access = access;
        this.downloads = downloads;
        this.outbox = outbox;
        this.groupKeys = groupKeys;
        this.membership = membership;
    }

    /** The credentials file streams open with, read on the worker (the token lives in the account's store). */
    public static BlobStream.CredentialSource credentials(Context context) {
        return () -> {
            try {
                return context.worker().call(() -> new BlobStream.Credentials(
                        context.account().meta().string(AccountMeta.USERNAME).orElse(context.self()),
                        context.account().meta().bytes(AccountMeta.TOKEN)
                                .orElseThrow(() -> new IOException("this device holds no session; sign in again"))));
            } catch (IOException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException("the client is signed out", e);
            }
        };
    }

    public Path downloadsFolder() {
        return downloads;
    }

    /** "📎 photo.jpg (2.1 MB, image/jpeg)": what the history shows for a file. */
    public static String describe(String name, long size, String mediaType) {
        return "📎 " + name + " (" + FileSizes.describe(size) + ", " + mediaType + ")";
    }

    // ------------------------------------------------------------------ sending (worker, then an uploader thread)

    /**
     * Checks the file and the recipients, then uploads on a thread of its own and queues the
     * announcing message for each conversation. The future completes once the server accepted every
     * message (and fails with a {@link ParleyException}).
     *
     * @param group   false: targets are users (one); true: targets are groups, the file goes up once for all
     * @param name    the name to send, or null for the file's own
     */
    public CompletableFuture<List<ChatMessage>> send(List<String> targets, boolean group, Path file, String name)
            throws Exception {
        if (closed) {
            throw new ParleyException(Reason.NOT_SIGNED_IN, "sign in first");
        }
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("there is no file " + file);
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + " is not a file");
        }
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException(file + " cannot be read (permission denied)");
        }
        long size = Files.size(file);
        String sentName = name != null && !name.isEmpty() ? name
                : file.getFileName() == null ? "file" : file.getFileName().toString();
        if (sentName.getBytes(StandardCharsets.UTF_8).length > FileOffer.MAX_NAME_BYTES) {
            throw new IllegalArgumentException("the file name is too long (at most " + FileOffer.MAX_NAME_BYTES + " bytes)");
        }
        String mediaType = MediaTypes.detect(file);
        List<String> conversations = new ArrayList<>();
        Set<String> recipients = new LinkedHashSet<>();
        String self = context.self().toLowerCase(Locale.ROOT);
        if (!group) {
            String user = targets.getFirst();
            if (user.equalsIgnoreCase(self)) {
                throw new IllegalArgumentException("you cannot send a file to yourself");
            }
            conversations.add(user);
            recipients.add(user);
        } else {
            for (String target : targets) {
                membership.ensureKnown(target);
                if (!context.account().groups().isMember(target)) {
                    throw new ParleyException(Reason.REFUSED, "you are not a member of " + target, ErrorCode.NOT_A_MEMBER, null);
                }
                String canonical = context.account().groups().name(target).orElse(target);
                conversations.add(canonical);
                for (String member : membership.members(canonical).members()) {
                    if (!member.equalsIgnoreCase(self)) {
                        recipients.add(member.toLowerCase(Locale.ROOT));
                    }
                }
            }
            if (recipients.isEmpty()) {
                throw new IllegalArgumentException("no one else is in " + String.join(", ", conversations.stream()
                        .map(g -> "#" + g).toList()) + " yet");
            }
        }
        String peer = group ? String.join(",", conversations.stream().map(g -> "#" + g).toList()) : conversations.getFirst();
        FileTransfer transfer = new FileTransfer(IDS.incrementAndGet(), Direction.UPLOAD, peer,
                group ? String.join(",", conversations) : null, sentName, size, mediaType);
        CompletableFuture<List<ChatMessage>> result = new CompletableFuture<>();
        Thread thread = Thread.ofVirtual().name("parley-upload").unstarted(() -> {
            try {
                upload(transfer, file, group, conversations, List.copyOf(recipients), result);
            } finally {
                uploaders.remove(Thread.currentThread());
            }
        });
        uploaders.add(thread);
        thread.start();
        return result;
    }

    private void upload(FileTransfer transfer, Path file, boolean group, List<String> conversations, List<String> recipients,
                        CompletableFuture<List<ChatMessage>> result) {
        long started = System.nanoTime();
        context.publish(new ClientEvent.TransferStarted(transfer));
        Upload upload = new Upload(access, file, transfer.size(), recipients, new Progress(transfer, context::publish), STALL);
        uploads.add(upload);
        String description = describe(transfer.name(), transfer.size(), transfer.mediaType());
        List<CompletableFuture<ChatMessage>> accepted = new ArrayList<>();
        String[] announced = new String[1];
        try {
            if (closed) {
                throw new TransferException("the client was closed", null);
            }
            // the file is announced as soon as the server reserved it, so recipients download while it uploads
            Upload.Result uploaded = upload.run((blobId, key) -> {
                FileOffer offer = new FileOffer(blobId, key.serialize(), new byte[0], FileFormat.ciphertextLength(transfer.size()),
                        transfer.size(), transfer.name(), transfer.mediaType(), context.clock().millis());
                accepted.addAll(context.worker().call(() -> {
                    List<CompletableFuture<ChatMessage>> futures = new ArrayList<>();
                    for (String conversation : conversations) {
                        if (group) {
                            int others = context.account().db().inTransaction(() -> groupKeys.prepare(conversation));
                            futures.add(outbox.sendFile(true, conversation, offer, description, others));
                        } else {
                            futures.add(outbox.sendFile(false, conversation, offer, description, 1));
                        }
                    }
                    return futures;
                }));
                announced[0] = blobId;
                announcedUploads.put(blobId, new Announced(group, List.copyOf(conversations)));
            });
            FileDone done = FileDone.completed(uploaded.blobId(), uploaded.info().sha256());
            context.worker().call(() -> {
                if (announcedUploads.remove(uploaded.blobId()) != null) {
                    conversations.forEach(conversation -> outbox.sendFileDone(group, conversation, done));
                }
                return null;
            });
            List<ChatMessage> messages = new ArrayList<>();
            for (CompletableFuture<ChatMessage> future : accepted) {
                messages.add(future.get());
            }
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            log.info("sent {} ({} bytes) to {} in {} ms", transfer.name(), transfer.size(), transfer.peer(), took.toMillis());
            context.publish(new ClientEvent.FileSent(transfer, messages, took));
            result.complete(messages);
        } catch (TransferException e) {
            abandon(announced[0], group, conversations, accepted, description, e.getMessage());
            fail(transfer, result, sentence(transfer, e), e.serverCode(), e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            abandon(announced[0], group, conversations, accepted, description, cause.getMessage());
            fail(transfer, result, transfer.name() + " was not sent: " + cause.getMessage(), null, cause);
        } catch (InterruptedException e) {
            abandon(announced[0], group, conversations, accepted, description, "the sender closed the client");
            fail(transfer, result, transfer.name() + " was not sent: the client was closed", null, e);
        } catch (Exception e) {
            log.error("sending {} failed", transfer, e);
            abandon(announced[0], group, conversations, accepted, description, "the upload failed");
            fail(transfer, result, transfer.name() + " was not sent: " + e.getMessage(), null, e);
        } finally {
            uploads.remove(upload);
        }
    }

    /** An upload announced to recipients failed: tell them (they stop waiting) and mark our history. */
    private void abandon(String blobId, boolean group, List<String> conversations, List<CompletableFuture<ChatMessage>> offers,
                         String description, String reason) {
        if (blobId == null) {
            return;
        }
        try {
            context.worker().call(() -> {
                if (announcedUploads.remove(blobId) == null) {
                    return null;
                }
                FileDone failed = FileDone.failed(blobId, reason == null ? "the upload failed" : reason);
                conversations.forEach(conversation -> outbox.sendFileDone(group, conversation, failed));
                for (CompletableFuture<ChatMessage> offer : offers) {
                    ChatMessage message = offer.getNow(null);
                    if (message != null) {
                        context.account().history().setText(message.id(), description + " ✗ not sent: " + reason);
                        context.account().history().markFailed(message.id());
                    }
                }
                return null;
            });
        } catch (Exception e) {
            log.info("could not tell recipients that {} was abandoned: {}", blobId, e.toString());
        }
    }

    private static String sentence(FileTransfer transfer, TransferException e) {
        if (e.serverCode() == ErrorCode.TOO_LARGE) {
            return transfer.name() + " is " + FileSizes.describe(transfer.size()) + ", too large to send: " + e.getMessage();
        }
        return transfer.name() + " was not sent: " + e.getMessage();
    }

    private void fail(FileTransfer transfer, CompletableFuture<List<ChatMessage>> result, String sentence, ErrorCode code,
                      Throwable cause) {
        log.info("sending {} failed: {}", transfer, sentence);
        context.publish(new ClientEvent.TransferFailed(transfer, sentence));
        Reason reason = code == null ? Reason.UNREACHABLE : switch (code) {
            case TOO_LARGE, BAD_REQUEST, INVALID_NAME -> Reason.INVALID_INPUT;
            case SESSION_EXPIRED -> Reason.SESSION_EXPIRED;
            default -> Reason.REFUSED;
        };
        result.completeExceptionally(new ParleyException(reason, sentence, code, cause));
    }

    // ------------------------------------------------------------------ receiving

    @Override
    public List<ClientEvent> offered(String sender, String group, long serverMessageId, long sentAtMillis, FileOffer offer) {
        String name = SafeNames.sanitize(offer.name());
        String type = MediaTypes.untrusted(offer.mediaType());
        ChatMessage stored = context.account().history().addIncoming(group != null, group != null ? group : sender, sender,
                describe(name, offer.plaintextSize(), type), Instant.ofEpochMilli(sentAtMillis), serverMessageId);
        long id = context.account().downloads().add(stored.id(), serverMessageId, sender, group, offer.blobId(),
                offer.fileKey(), offer.digest(), offer.ciphertextSize(), offer.plaintextSize(), offer.name(), type);
        log.info("{} offered a file ({} bytes) as download {}", sender, offer.plaintextSize(), id);
        // runs after the current worker task, so after this transaction committed
        context.worker().execute(this::wake);
        return List.of();
    }

    @Override
    public List<ClientEvent> done(String sender, String group, FileDone done) {
        Optional<Long> id = done.ok()
                ? context.account().downloads().completed(sender, done.blobId(), done.digest())
                : context.account().downloads().abandoned(sender, done.blobId(), done.failure());
        if (id.isEmpty()) {
            log.info("{} finished a file we are not downloading ({})", sender, done.blobId());
            return List.of();
        }
        long download = id.get();
        Object outcome = done.ok() ? done.digest() : done.failure();
        context.worker().execute(() -> {
            completions.put(download, outcome);
            wake();
        });
        return List.of();
    }

    /** Starts (or nudges) the background download queue. Worker thread. */
    public void online() {
        if (closed) {
            return;
        }
        Thread d = downloader;
        if (d == null || !d.isAlive()) {
            downloader = Thread.ofVirtual().name("parley-downloads").start(this::downloadLoop);
        }
        wake();
    }

    private void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    private void sleep(Duration atMost) throws InterruptedException {
        synchronized (signal) {
            long deadline = System.nanoTime() + atMost.toNanos();
            while (!woken && !closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                signal.wait(Math.max(1, left / 1_000_000));
            }
            woken = false;
        }
    }

    /** Starts downloads of pending files, up to {@value #PARALLEL_DOWNLOADS} at once, oldest first. */
    private void downloadLoop() {
        try {
            while (!closed) {
                List<PendingDownload> pending;
                try {
                    pending = context.worker().call(() -> context.account().downloads().pending(PARALLEL_DOWNLOADS * 4));
                } catch (Exception e) {
                    log.debug("download queue stops: {}", e.toString());
                    return;
                }
                long now = System.nanoTime();
                for (PendingDownload p : pending) {
                    if (active.size() >= PARALLEL_DOWNLOADS) {
                        break;
                    }
                    Long notBefore = retryAt.get(p.id());
                    if (active.containsKey(p.id()) || (notBefore != null && notBefore - now > 0)) {
                        continue;
                    }
                    Thread thread = Thread.ofVirtual().name("parley-download-" + p.id()).unstarted(() -> {
                        try {
                            if (download(p)) {
                                retryAt.remove(p.id());
                            } else {
                                retryAt.put(p.id(), System.nanoTime() + RETRY_LATER.toNanos());
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        } finally {
                            active.remove(p.id());
                            wake();
                        }
                    });
                    active.put(p.id(), thread);
                    thread.start();
                }
                sleep(pending.isEmpty() ? Duration.ofMinutes(10) : Duration.ofSeconds(5));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One file; false when it should be tried again later (the server could not be reached). */
    private boolean download(PendingDownload p) throws InterruptedException {
        String name = SafeNames.sanitize(p.name());
        String type = MediaTypes.untrusted(p.mediaType());
        FileTransfer transfer = new FileTransfer(IDS.incrementAndGet(), Direction.DOWNLOAD, p.sender(), p.group(), name,
                p.plaintextSize(), type);
        String description = describe(name, p.plaintextSize(), type);
        context.publish(new ClientEvent.TransferStarted(transfer));
        Path part = downloads.toAbsolutePath().normalize().resolve(".parley-" + p.id() + ".part");
        if (p.digest() != null && p.digest().length == 32) {
            completions.putIfAbsent(p.id(), p.digest());
        } else if (p.senderFailure() != null) {
            completions.putIfAbsent(p.id(), p.senderFailure());
        }
        Download.Completion completion = new Download.Completion() {
            @Override
            public byte[] digest() {
                return completions.get(p.id()) instanceof byte[] digest ? digest : null;
            }

            @Override
            public String senderFailure() {
                return completions.get(p.id()) instanceof String failure ? failure : null;
            }
        };
        Download download = null;
        try {
            if (p.partPath() != null && !p.partPath().equals(part.toString())) {
                Files.deleteIfExists(Path.of(p.partPath()));
            }
            if (!part.toString().equals(p.partPath())) {
                context.worker().call(() -> {
                    context.account().downloads().partPath(p.id(), part.toString());
                    return null;
                });
            }
            FileKey key;
            try {
                key = FileKey.deserialize(p.fileKey());
            } catch (InvalidKeyException e) {
                throw new Download.Permanent("its key is not one this client understands", e);
            }
            if (p.ciphertextSize() != FileFormat.ciphertextLength(p.plaintextSize())) {
                throw new Download.Permanent("its sizes do not match", null);
            }
            download = new Download(access, new Download.Job(p.blobId(), key, p.ciphertextSize(), p.plaintextSize(),
                    downloads.toAbsolutePath().normalize(), part, name, completion),
                    new Progress(transfer, context::publish), STALL);
            downloadsRunning.add(download);
            if (closed) {
                return true;
            }
            Path saved = download.run();
            ChatMessage message = context.worker().call(() -> context.account().db().inTransaction(() -> {
                context.account().downloads().done(p.id(), saved.toString());
                context.account().history().setText(p.historyId(), description + " → " + saved);
                return context.account().history().find(p.historyId()).orElseThrow();
            }));
            log.info("saved the file from {} as {}", p.sender(), saved);
            context.publish(new ClientEvent.FileReceived(transfer, message, new ReceivedFile(p.sender(), p.group(),
                    saved.getFileName().toString(), p.plaintextSize(), type, saved)));
            completions.remove(p.id());
            release(p.blobId());
            return true;
        } catch (Download.Permanent e) {
            String reason = e.getMessage();
            log.info("the file from {} could not be received: {}", p.sender(), reason);
            try {
                context.worker().call(() -> context.account().db().inTransaction(() -> {
                    context.account().downloads().failed(p.id(), reason);
                    context.account().history().setText(p.historyId(), description + " ✗ not received: " + reason);
                    return null;
                }));
            } catch (Exception stored) {
                log.warn("could not record the failed download: {}", stored.toString());
            }
            completions.remove(p.id());
            context.publish(new ClientEvent.TransferFailed(transfer, name + " from " + p.sender() + " was not received: " + reason));
            // we are done with it either way; the server frees it once every recipient is
            release(p.blobId());
            return true;
        } catch (IOException e) {
            if (closed) {
                return true;
            }
            log.info("download of {} paused: {}", p.blobId(), e.toString());
            if (warned.add(p.id())) {
                context.publish(new ClientEvent.Problem("the file " + name + " from " + p.sender()
                        + " could not be downloaded yet; it will be tried again (" + e.getMessage() + ")"));
            }
            return false;
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            if (closed) {
                return true;
            }
            log.error("download {} failed", p, e);
            return false;
        } finally {
            if (download != null) {
                downloadsRunning.remove(download);
            }
        }
    }

    /** Tells the server we have the file (it deletes it once every recipient has). Best effort. */
    private void release(String blobId) {
        for (int attempt = 0; attempt < 3 && !closed; attempt++) {
            try (BlobStream stream = BlobStream.open(access)) {
                stream.fetched(blobId);
                return;
            } catch (Exception e) {
                log.debug("releasing {} failed: {}", blobId, e.toString());
            }
        }
    }

    /**
     * True while an upload runs or a download runs or waits to start; a download put off because the
     * server could not be reached does not count (it is tried again later, or at the next sign-in).
     */
    public boolean busy() throws Exception {
        if (!uploaders.isEmpty() || !active.isEmpty()) {
            return true;
        }
        if (closed) {
            return false;
        }
        List<PendingDownload> pending = context.worker().call(() -> context.account().downloads().pending(1_000));
        return pending.stream().anyMatch(p -> !retryAt.containsKey(p.id()));
    }

    /** Worker thread, while the account's store is still open. */
    @Override
    public void close() {
        closed = true;
        // uploads cut short by closing: recipients hear it (when we are next online, from the outbox)
        announcedUploads.forEach((blobId, where) -> {
            FileDone failed = FileDone.failed(blobId, "the sender closed the client");
            try {
                where.conversations().forEach(conversation -> outbox.sendFileDone(where.group(), conversation, failed));
            } catch (RuntimeException e) {
                log.info("could not queue the end of {}: {}", blobId, e.toString());
            }
        });
        announcedUploads.clear();
        wake();
        uploads.forEach(Upload::cancel);
        uploaders.forEach(Thread::interrupt);
        downloadsRunning.forEach(Download::cancel);
        active.values().forEach(Thread::interrupt);
        Thread t = downloader;
        if (t != null) {
            t.interrupt();
        }
    }
}
