package dev.parley.it;

import dev.parley.wire.Error;
import dev.parley.wire.Frame;
import dev.parley.wire.FrameCodec;
import dev.parley.wire.KeyUpload;
import dev.parley.wire.MalformedFrameException;
import dev.parley.wire.Message;
import dev.parley.wire.OneTimePreKey;
import dev.parley.wire.SignUp;
import dev.parley.wire.SignedIn;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A hostile or minimal client: speaks the wire protocol over TLS with nothing of the client library,
 * so a test can send exactly the frames it wants (garbage ciphertexts, floods, retries by hand).
 */
final class WireClient implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(15);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SSLSocket socket;
    private final DataOutputStream out;
    private final AtomicLong ids = new AtomicLong();
    private final ConcurrentHashMap<Long, BlockingQueue<Message>> responses = new ConcurrentHashMap<>();
    private final BlockingQueue<Message> pushes = new LinkedBlockingQueue<>();
    private volatile boolean closed;

    private WireClient(SSLSocket socket) throws IOException {
        this.socket = socket;
        this.out = new DataOutputStream(socket.getOutputStream());
        DataInputStream in = new DataInputStream(socket.getInputStream());
        Thread.ofVirtual().start(() -> {
            try {
                while (true) {
                    byte[] body = new byte[in.readInt()];
                    in.readFully(body);
                    Frame frame = FrameCodec.decode(body);
                    if (frame.id() == Frame.PUSH) {
                        pushes.add(frame.message());
                    } else {
                        queue(frame.id()).add(frame.message());
                    }
                }
            } catch (IOException | MalformedFrameException e) {
                closed = true;
            }
        });
    }

    static WireClient connect(int port) throws Exception {
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
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        socket.startHandshake();
        return new WireClient(socket);
    }

    static KeyUpload randomKeys(int oneTimePreKeys) {
        List<OneTimePreKey> prekeys = new ArrayList<>();
        for (int i = 1; i <= oneTimePreKeys; i++) {
            prekeys.add(new OneTimePreKey(i, random(32)));
        }
        return new KeyUpload(random(65), random(101), prekeys);
    }

    static byte[] random(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    SignedIn signUp(String username, String password) throws Exception {
        return expect(new SignUp(username, password, randomKeys(20)), SignedIn.class);
    }

    private BlockingQueue<Message> queue(long id) {
        return responses.computeIfAbsent(id, ignored -> new LinkedBlockingQueue<>());
    }

    /** Sends the request with a fresh id and returns the id. */
    synchronized long send(Message request) throws IOException {
        long id = ids.incrementAndGet();
        byte[] body = FrameCodec.encode(new Frame(id, request));
        out.writeInt(body.length);
        out.write(body);
        out.flush();
        return id;
    }

    /** The response to request id, or an AssertionError after the wait. */
    Message await(long id) throws InterruptedException {
        Message message = queue(id).poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (message == null) {
            throw new AssertionError("no response to request " + id + " within " + WAIT);
        }
        responses.remove(id);
        return message;
    }

    Message call(Message request) throws Exception {
        return await(send(request));
    }

    <T extends Message> T expect(Message request, Class<T> type) throws Exception {
        Message response = call(request);
        if (!type.isInstance(response)) {
            throw new AssertionError("expected " + type.getSimpleName() + " for " + request.type() + " but got " + response);
        }
        return type.cast(response);
    }

    Error error(Message request) throws Exception {
        return expect(request, Error.class);
    }

    /** The next push of the given type, skipping others. */
    <T extends Message> T push(Class<T> type) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Message message = pushes.poll(100, TimeUnit.MILLISECONDS);
            if (type.isInstance(message)) {
                return type.cast(message);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " push within " + WAIT);
    }

    boolean isClosed() {
        return closed;
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
