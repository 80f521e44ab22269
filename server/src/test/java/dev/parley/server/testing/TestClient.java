package dev.parley.server.testing;

import dev.parley.wire.Error;
import dev.parley.wire.Frame;
import dev.parley.wire.FrameCodec;
import dev.parley.wire.KeyUpload;
import dev.parley.wire.MalformedFrameException;
import dev.parley.wire.Message;
import dev.parley.wire.OneTimePreKey;
import dev.parley.wire.Resume;
import dev.parley.wire.SignIn;
import dev.parley.wire.SignUp;
import dev.parley.wire.SignedIn;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A minimal protocol client for tests: a real TLS 1.3 socket (trusting any certificate), a reader
 * thread that sorts incoming frames into responses by id and pushes in arrival order.
 */
public final class TestClient implements AutoCloseable {
    public static final Duration WAIT = Duration.ofSeconds(10);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SSLSocket socket;
    private final OutputStream out;
    private final AtomicLong ids = new AtomicLong();
    private final ConcurrentHashMap<Long, Frame> responses = new ConcurrentHashMap<>();
    private final List<Message> pushes = new ArrayList<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile byte[] token;

    private TestClient(SSLSocket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        Thread.ofVirtual().start(this::readLoop);
    }

    public static TestClient connect(int port) throws IOException {
        return connect(port, null);
    }

    /** Connects from the given local address (any 127.x.y.z works on Linux), or the default. */
    public static TestClient connect(int port, String localAddress) throws IOException {
        Socket plain = new Socket();
        if (localAddress != null) {
            plain.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
        }
        plain.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        plain.setTcpNoDelay(true);
        SSLSocket socket = (SSLSocket) trustAll().getSocketFactory().createSocket(plain, "localhost", port, true);
        socket.setEnabledProtocols(new String[] {"TLSv1.3"});
        socket.startHandshake();
        return new TestClient(socket);
    }

    public static SSLContext trustAll() {
        try {
            SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, RANDOM);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public SSLSocket socket() {
        return socket;
    }

    public static KeyUpload keys(int oneTimeKeys) {
        return keys(random(32), oneTimeKeys, 1);
    }

    public static KeyUpload keys(byte[] identity, int oneTimeKeys, int firstId) {
        List<OneTimePreKey> prekeys = new ArrayList<>();
        for (int i = 0; i < oneTimeKeys; i++) {
            prekeys.add(new OneTimePreKey(firstId + i, random(32)));
        }
        return new KeyUpload(identity, random(96), prekeys);
    }

    public static byte[] random(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    public SignedIn signUp(String username, String password) throws IOException {
        return signUp(username, password, keys(20));
    }

    public SignedIn signUp(String username, String password, KeyUpload keys) throws IOException {
        SignedIn signedIn = expect(new SignUp(username, password, keys), SignedIn.class);
        token = signedIn.token();
        return signedIn;
    }

    public SignedIn signIn(String username, String password) throws IOException {
        SignedIn signedIn = expect(new SignIn(username, password), SignedIn.class);
        token = signedIn.token();
        return signedIn;
    }

    public SignedIn resume(String username, byte[] sessionToken) throws IOException {
        SignedIn signedIn = expect(new Resume(username, sessionToken), SignedIn.class);
        token = signedIn.token();
        return signedIn;
    }

    public byte[] token() {
        return token;
    }

    /** Sends a request and waits for its response, whatever it is. */
    public Message call(Message request) throws IOException {
        long id = send(request);
        return await(id);
    }

    /** Sends a request, waits for its response and checks its type. */
    public <T extends Message> T expect(Message request, Class<T> type) throws IOException {
        Message response = call(request);
        if (!type.isInstance(response)) {
            throw new AssertionError("expected " + type.getSimpleName() + " for " + request + " but got " + response);
        }
        return type.cast(response);
    }

    /** Sends a request that must fail; returns the Error. */
    public Error error(Message request) throws IOException {
        return expect(request, Error.class);
    }

    /** Sends a request without waiting; returns its id. */
    public long send(Message request) throws IOException {
        long id = ids.incrementAndGet();
        send(new Frame(id, request));
        return id;
    }

    public synchronized void send(Frame frame) throws IOException {
        out.write(framed(frame));
        out.flush();
    }

    /** The frame as it travels on the wire: its encoded body with the 4-byte big-endian length in front. */
    public static byte[] framed(Frame frame) {
        return lengthPrefixed(FrameCodec.encode(frame));
    }

    /** {@code body} with its 4-byte big-endian length in front (any bytes: malformed bodies included). */
    public static byte[] lengthPrefixed(byte[] body) {
        return ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array();
    }

    public synchronized void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Waits for the response to request {@code id}. */
    public Message await(long id) throws IOException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Frame frame = responses.remove(id);
            if (frame != null) {
                return frame.message();
            }
            if (closed.getCount() == 0 && !responses.containsKey(id)) {
                throw new IOException("connection closed before the response to request " + id);
            }
            sleepBriefly();
        }
        throw new AssertionError("no response to request " + id + " within " + WAIT);
    }

    /** Waits for the next push of this type, leaving other pushes in place. */
    public <T extends Message> T push(Class<T> type) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            synchronized (pushes) {
                Iterator<Message> iterator = pushes.iterator();
                while (iterator.hasNext()) {
                    Message message = iterator.next();
                    if (type.isInstance(message)) {
                        iterator.remove();
                        return type.cast(message);
                    }
                }
            }
            sleepBriefly();
        }
        throw new AssertionError("no " + type.getSimpleName() + " push within " + WAIT + "; pushes: " + pushesSnapshot());
    }

    /** Pushes of this type received so far, removed from the buffer. */
    public <T extends Message> List<T> drainPushes(Class<T> type) {
        List<T> result = new ArrayList<>();
        synchronized (pushes) {
            Iterator<Message> iterator = pushes.iterator();
            while (iterator.hasNext()) {
                Message message = iterator.next();
                if (type.isInstance(message)) {
                    iterator.remove();
                    result.add(type.cast(message));
                }
            }
        }
        return result;
    }

    public List<Message> pushesSnapshot() {
        synchronized (pushes) {
            return List.copyOf(pushes);
        }
    }

    /** True once the server closed the connection (within the wait). */
    public boolean awaitClosed(Duration wait) {
        try {
            return closed.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public boolean isClosed() {
        return closed.getCount() == 0;
    }

    private void readLoop() {
        try {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            while (true) {
                int length = in.readInt();
                byte[] body = new byte[length];
                in.readFully(body);
                Frame frame = FrameCodec.decode(body);
                if (frame.isPush()) {
                    synchronized (pushes) {
                        pushes.add(frame.message());
                    }
                } else {
                    responses.put(frame.id(), frame);
                }
            }
        } catch (EOFException e) {
            // closed by the server
        } catch (IOException | MalformedFrameException e) {
            // closed or broken
        } finally {
            closed.countDown();
        }
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
