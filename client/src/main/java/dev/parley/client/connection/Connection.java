package dev.parley.client.connection;

import dev.parley.wire.Frame;
import dev.parley.wire.FrameCodec;
import dev.parley.wire.Limits;
import dev.parley.wire.MalformedFrameException;
import dev.parley.wire.Message;
import dev.parley.wire.Ping;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TLS 1.3 connection to the server: length-prefixed frames, requests matched to responses by
 * frame id, pushes handed to a {@link ConnectionListener}, and a Ping keepalive that closes the
 * connection when the server stops answering. A virtual thread reads; writers share a lock.
 */
public final class Connection implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Connection.class);
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "parley-connection-timer");
        thread.setDaemon(true);
        return thread;
    });

    /** Timeouts of one connection. */
    public record Timeouts(Duration connect, Duration request, Duration pingInterval) {
    }

    private final Endpoint endpoint;
    private final SSLSocket socket;
    private final DataInputStream in;
    private final DataOutputStream out;
    private final ConnectionListener listener;
    private final Timeouts timeouts;
    private final Optional<String> pinnedOnFirstUse;
    private final boolean tlsResumed;
    private final Map<Long, CompletableFuture<Message>> pending = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong(1);
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile ScheduledFuture<?> keepalive;

    private Connection(Endpoint endpoint, SSLSocket socket, ConnectionListener listener, Timeouts timeouts,
                       Optional<String> pinnedOnFirstUse, boolean tlsResumed) throws IOException {
        this.tlsResumed = tlsResumed;
        this.endpoint = endpoint;
        this.socket = socket;
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 64 * 1024));
        this.out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), 64 * 1024));
        this.listener = listener;
        this.timeouts = timeouts;
        this.pinnedOnFirstUse = pinnedOnFirstUse;
    }

    /**
     * Connects, completes the TLS handshake, checks the server's certificate and starts reading.
     *
     * @throws ServerCertificateChangedException when the server's certificate is not the pinned one
     * @throws IOException when the server cannot be reached or the handshake fails
     */
    public static Connection open(Endpoint endpoint, ServerTrust trust, Timeouts timeouts, ConnectionListener listener)
            throws IOException {
        PinningTrustManager pinning;
        SSLContext context;
        Optional<String> pin = Optional.empty();
        if (trust instanceof ServerTrust.PinOnFirstUse(KnownServers known)) {
            pin = known.pinned(endpoint);
            if (pin.isPresent()) {
                // a pinned server: the shared context, whose session cache lets this connection resume
                PinnedContexts.Pinned shared = PinnedContexts.forServer(endpoint, pin.get(), known.file());
                context = shared.context();
                pinning = shared.trust();
            } else {
                pinning = new PinningTrustManager(endpoint, pin, known.file());
                context = tlsContext(pinning);
            }
        } else {
            pinning = null;
            context = tlsContext(authorityTrustManager((ServerTrust.Authority) trust));
        }
        Socket plain = new Socket();
        SSLSocket socket = null;
        try {
            plain.setTcpNoDelay(true);
            plain.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), (int) timeouts.connect().toMillis());
            socket = (SSLSocket) context.getSocketFactory().createSocket(plain, endpoint.host(), endpoint.port(), true);
            socket.setEnabledProtocols(new String[] {"TLSv1.3"});
            if (trust instanceof ServerTrust.Authority) {
                SSLParameters parameters = socket.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                socket.setSSLParameters(parameters);
            }
            socket.setSoTimeout((int) timeouts.connect().toMillis());
            socket.startHandshake();
            socket.setSoTimeout(0);
        } catch (SSLHandshakeException e) {
            closeQuietly(socket != null ? socket : plain);
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof ServerCertificateChangedException changed) {
                    throw changed;
                }
            }
            throw e;
        } catch (IOException e) {
            closeQuietly(socket != null ? socket : plain);
            throw e;
        }
        Optional<String> firstUse = Optional.empty();
        if (trust instanceof ServerTrust.PinOnFirstUse(KnownServers known) && known.pinned(endpoint).isEmpty()) {
            known.pin(endpoint, pinning.presented());
            firstUse = Optional.of(pinning.presented());
            log.info("pinned the certificate of {} on first use: {}", endpoint, pinning.presented());
        }
        boolean resumed = pin.isPresent() && !pinning.checkedCertificateOn(socket);
        Connection connection = new Connection(endpoint, socket, listener, timeouts, firstUse, resumed);
        connection.start();
        return connection;
    }

    /** A TLS 1.3 context that checks the server's certificate with {@code trustManager}. */
    static SSLContext tlsContext(TrustManager trustManager) throws IOException {
        try {
            SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(null, new TrustManager[] {trustManager}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("TLS 1.3 is not available in this Java runtime", e);
        }
    }

    private static TrustManager authorityTrustManager(ServerTrust.Authority authority) throws IOException {
        try {
            KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
            anchors.load(null, null);
            int i = 0;
            for (var certificate : authority.certificates()) {
                anchors.setCertificateEntry("ca-" + i++, certificate);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(anchors);
            return factory.getTrustManagers()[0];
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot use the CA certificate", e);
        }
    }

    private void start() {
        Thread.ofVirtual().name("parley-reader-" + endpoint).start(this::readLoop);
        long interval = timeouts.pingInterval().toMillis();
        keepalive = TIMER.scheduleAtFixedRate(this::ping, interval, interval, TimeUnit.MILLISECONDS);
    }

    /** Whether the TLS handshake resumed an earlier session of this process (no certificate was sent). */
    public boolean tlsResumed() {
        return tlsResumed;
    }

    /** The server's fingerprint when this connection pinned it for the first time. */
    public Optional<String> pinnedOnFirstUse() {
        return pinnedOnFirstUse;
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    public boolean isOpen() {
        return !closed.get();
    }

    /**
     * Sends a request and returns its response. The future fails with {@link ServerErrorException}
     * for an Error frame, {@link ConnectionClosedException} when the connection ends first, or
     * {@link java.util.concurrent.TimeoutException} after the request timeout.
     */
    public CompletableFuture<Message> request(Message message) {
        long id = nextId.getAndIncrement();
        CompletableFuture<Message> future = new CompletableFuture<>();
        if (closed.get()) {
            future.completeExceptionally(new ConnectionClosedException("not connected to the server", null));
            return future;
        }
        pending.put(id, future);
        future.whenComplete((response, failure) -> pending.remove(id));
        try {
            write(new Frame(id, message));
        } catch (IOException e) {
            future.completeExceptionally(new ConnectionClosedException("the connection to the server broke", e));
            fail(e);
            return future;
        }
        return future.orTimeout(timeouts.request().toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Sends a request with id 0: the server sends no success response, only an Error push if it fails.
     * False when the connection is closed or broke while writing (nothing else to wait for).
     */
    public boolean tell(Message message) {
        if (closed.get()) {
            return false;
        }
        try {
            write(Frame.push(message));
            return true;
        } catch (IOException e) {
            fail(e);
            return false;
        }
    }

    private void write(Frame frame) throws IOException {
        byte[] body = FrameCodec.encode(frame);
        synchronized (out) {
            out.writeInt(body.length);
            out.write(body);
            out.flush();
        }
    }

    private void readLoop() {
        Throwable cause = null;
        try {
            while (!closed.get()) {
                int length = in.readInt();
                if (length < 0 || length > Limits.MAX_FRAME_BYTES) {
                    throw new MalformedFrameException("the server sent a frame of " + length + " bytes");
                }
                byte[] body = new byte[length];
                in.readFully(body);
                dispatch(FrameCodec.decode(body));
            }
        } catch (EOFException e) {
            cause = closed.get() ? null : new ConnectionClosedException("the server closed the connection", e);
        } catch (MalformedFrameException e) {
            log.warn("{} sent a malformed frame: {}", endpoint, e.getMessage());
            cause = new ConnectionClosedException("the server sent something this client does not understand", e);
        } catch (IOException e) {
            cause = closed.get() ? null : e;
        } catch (RuntimeException e) {
            log.error("reader of {} failed", endpoint, e);
            cause = e;
        }
        finish(cause);
    }

    private void dispatch(Frame frame) {
        if (frame.isPush()) {
            try {
                listener.onPush(frame.message());
            } catch (RuntimeException e) {
                log.error("handling push {} failed", frame.message().type(), e);
            }
            return;
        }
        CompletableFuture<Message> future = pending.get(frame.id());
        if (future == null) {
            log.debug("response to unknown or expired request {}: {}", frame.id(), frame.message().type());
            return;
        }
        if (frame.message() instanceof dev.parley.wire.Error(var code, var message)) {
            future.completeExceptionally(new ServerErrorException(code, message));
        } else {
            future.complete(frame.message());
        }
    }

    private void ping() {
        if (closed.get()) {
            return;
        }
        request(new Ping(System.nanoTime())).exceptionally(failure -> {
            if (!closed.get()) {
                log.info("{} stopped answering pings; closing the connection", endpoint);
                fail(new ConnectionClosedException("the server stopped answering", failure));
            }
            return null;
        });
    }

    private void fail(Throwable cause) {
        if (closed.compareAndSet(false, true)) {
            closeQuietly(socket);
            finishOnce(cause);
        }
    }

    private void finish(Throwable cause) {
        if (closed.compareAndSet(false, true)) {
            closeQuietly(socket);
        }
        finishOnce(cause);
    }

    private final AtomicBoolean finished = new AtomicBoolean();

    private void finishOnce(Throwable cause) {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        ScheduledFuture<?> timer = keepalive;
        if (timer != null) {
            timer.cancel(false);
        }
        ConnectionClosedException failure = new ConnectionClosedException("the connection to the server ended", cause);
        pending.values().forEach(f -> f.completeExceptionally(failure));
        pending.clear();
        try {
            listener.onClosed(cause);
        } catch (RuntimeException e) {
            log.error("connection listener failed", e);
        }
    }

    /** Closes the connection on purpose; the listener hears {@code onClosed(null)}. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            closeQuietly(socket);
            finishOnce(null);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
