package dev.parley.server;

import dev.parley.server.testing.TestClient;
import dev.parley.wire.Accepted;
import dev.parley.wire.Ack;
import dev.parley.wire.Deliver;
import dev.parley.wire.Frame;
import dev.parley.wire.FrameCodec;
import dev.parley.wire.Message;
import dev.parley.wire.QueueDrained;
import dev.parley.wire.Send;
import dev.parley.wire.SignUp;
import dev.parley.wire.SignedIn;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLSocket;

/**
 * A rough, manual W1-style probe (not a test, not the benchmark): P pairs over real TLS, each sender
 * pipelining M messages of 100 bytes with a window, each receiver acking with fire-and-forget Acks.
 * Prints messages/s end to end. Run: java -cp test-classes:classes:deps dev.parley.server.LoadProbe [pairs] [perSender]
 */
public final class LoadProbe {
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("drain")) {
            drain(args.length > 1 ? Integer.parseInt(args[1]) : 10_000);
            return;
        }
        if (args.length > 0 && args[0].equals("idle")) {
            idle(Integer.parseInt(args[1]), Integer.parseInt(args[2]), args.length > 3 ? args[3] : "idle");
            return;
        }
        if (args.length > 0 && args[0].equals("resume")) {
            resume(args.length > 1 ? Integer.parseInt(args[1]) : 2_000);
            return;
        }
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int perSender = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        Path data = Files.createTempDirectory("parley-probe");
        ServerConfig config = ServerConfig.defaults(data).withHost("127.0.0.1").withPort(0)
                .withArgon2(1024, 1, 1).withSignUpRate(60_000, 10_000).withMessageRate(1_000_000, 1_000_000)
                .withMaxConnectionsPerAddress(10_000);
        try (ParleyServer server = ParleyServer.start(config)) {
            List<Peer> senders = new ArrayList<>();
            List<Peer> receivers = new ArrayList<>();
            for (int i = 0; i < pairs; i++) {
                senders.add(Peer.open(server.port(), "sender" + i));
                receivers.add(Peer.open(server.port(), "receiver" + i));
            }
            CountDownLatch delivered = new CountDownLatch(pairs * perSender);
            for (Peer receiver : receivers) {
                receiver.onDeliver = delivered;
            }
            System.out.println("before: " + cpu());
            long start = System.nanoTime();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < pairs; i++) {
                Peer sender = senders.get(i);
                String to = "receiver" + i;
                threads.add(Thread.ofPlatform().start(() -> sender.blast(to, perSender)));
            }
            for (Thread thread : threads) {
                thread.join();
            }
            long sent = System.nanoTime();
            boolean all = delivered.await(120, TimeUnit.SECONDS);
            long end = System.nanoTime();
            long total = (long) pairs * perSender;
            System.out.printf("pairs=%d messages=%d all_delivered=%s accepted_rate=%.0f/s delivered_rate=%.0f/s%n",
                    pairs, total, all, total / ((sent - start) / 1e9), total / ((end - start) / 1e9));
            System.out.println("after: " + cpu());
            for (Peer peer : senders) {
                peer.close();
            }
            for (Peer peer : receivers) {
                peer.close();
            }
        }
    }

    /** CPU seconds used so far by server threads (event loops, store writer, password pool) and by all others. */
    static String cpu() {
        java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
        long server = 0;
        long other = 0;
        for (java.lang.management.ThreadInfo info : bean.getThreadInfo(bean.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long nanos = bean.getThreadCpuTime(info.getThreadId());
            String name = info.getThreadName();
            if (name.startsWith("multiThreadIoEventLoopGroup") || name.startsWith("parley-")) {
                server += nanos;
            } else {
                other += nanos;
            }
        }
        return String.format("cpu server=%.2fs other=%.2fs", server / 1e9, other / 1e9);
    }

    static ServerConfig config(Path data) {
        return ServerConfig.defaults(data).withHost("127.0.0.1").withPort(0)
                .withArgon2(1024, 1, 1).withSignUpRate(60_000, 10_000).withMessageRate(1_000_000, 1_000_000)
                .withMaxConnectionsPerAddress(100_000).withDrainPageSize(Integer.getInteger("page", 512));
    }

    /** W4-like: K messages queued for an offline user; time from sign-in until all are received and acknowledged. */
    static void drain(int count) throws Exception {
        try (ParleyServer server = ParleyServer.start(config(Files.createTempDirectory("parley-drain")))) {
            Peer reader = Peer.open(server.port(), "reader");
            reader.close();
            Peer sender = Peer.open(server.port(), "sender");
            sender.blast("reader", count);
            while (sender.window.availablePermits() < 256) {
                Thread.sleep(1);
            }
            for (int round = 0; round < 3; round++) {
                CountDownLatch all = new CountDownLatch(count);
                long start = System.nanoTime();
                Socket plain = new Socket();
                plain.connect(new InetSocketAddress("127.0.0.1", server.port()));
                SSLSocket socket = (SSLSocket) TestClient.trustAll().getSocketFactory().createSocket(plain, "localhost", server.port(), true);
                socket.setEnabledProtocols(new String[] {"TLSv1.3"});
                Peer again = new Peer(socket);
                again.onDeliver = all;
                again.ack = round == 2;
                again.write(new Frame(1, new dev.parley.wire.SignIn("reader", "reader-password")));
                again.out.flush();
                DataInputStream in = new DataInputStream(socket.getInputStream());
                Thread.ofPlatform().daemon().start(() -> again.readLoop(in));
                all.await(60, TimeUnit.SECONDS);
                long received = System.nanoTime();
                System.out.printf("drain of %d: all received after %.3f s%n", count, (received - start) / 1e9);
                if (round < 2) {
                    again.close();
                    Thread.sleep(300);
                }
            }
        }
    }

    /** W3-like: N users resume with their session token, one after another on fresh TLS connections, from several threads. */
    static void resume(int users) throws Exception {
        try (ParleyServer server = ParleyServer.start(config(Files.createTempDirectory("parley-resume")))) {
            List<byte[]> tokens = new ArrayList<>();
            for (int i = 0; i < users; i++) {
                try (TestClient client = TestClient.connect(server.port())) {
                    tokens.add(client.signUp("user" + i, "user password").token());
                }
            }
            List<TestClient> open = java.util.Collections.synchronizedList(new ArrayList<>());
            System.out.println("before: " + cpu());
            long start = System.nanoTime();
            List<Thread> threads = new ArrayList<>();
            int threadCount = 8;
            for (int t = 0; t < threadCount; t++) {
                int first = t;
                threads.add(Thread.ofPlatform().start(() -> {
                    try {
                        for (int i = first; i < users; i += threadCount) {
                            TestClient client = TestClient.connect(server.port());
                            client.resume("user" + i, tokens.get(i));
                            open.add(client);
                        }
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                }));
            }
            for (Thread thread : threads) {
                thread.join();
            }
            long end = System.nanoTime();
            System.out.printf("resumes=%d rate=%.0f/s (TLS handshake + Resume each) online=%d%n", users, users / ((end - start) / 1e9),
                    server.onlineCount());
            System.out.println("after: " + cpu());
            open.forEach(TestClient::close);
        }
    }

    /** Opens N signed-up connections to an external server and holds them, pinging, until killed. */
    static void idle(int count, int port, String prefix) throws Exception {
        List<TestClient> open = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            TestClient client = TestClient.connect(port, "127.0.0." + (2 + i / 5_000));
            client.signUp(prefix + i, "user password");
            open.add(client);
        }
        System.out.println("holding " + count);
        System.out.flush();
        while (true) {
            Thread.sleep(30_000);
            for (TestClient client : open) {
                client.send(new dev.parley.wire.Ping(1));
            }
        }
    }

    static final class Peer {
        final SSLSocket socket;
        final OutputStream out;
        final Semaphore window = new Semaphore(256);
        final AtomicLong ids = new AtomicLong(1);
        volatile CountDownLatch onDeliver;
        volatile boolean ack = true;
        final List<Long> pendingAcks = new ArrayList<>();

        Peer(SSLSocket socket) throws Exception {
            this.socket = socket;
            this.out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
        }

        static Peer open(int port, String name) throws Exception {
            Socket plain = new Socket();
            plain.connect(new InetSocketAddress("127.0.0.1", port));
            plain.setTcpNoDelay(true);
            SSLSocket socket = (SSLSocket) TestClient.trustAll().getSocketFactory().createSocket(plain, "localhost", port, true);
            socket.setEnabledProtocols(new String[] {"TLSv1.3"});
            socket.startHandshake();
            Peer peer = new Peer(socket);
            peer.write(new Frame(peer.ids.getAndIncrement(), new SignUp(name, name + "-password", TestClient.keys(1))));
            peer.out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            boolean signedIn = false;
            boolean drained = false;
            while (!signedIn || !drained) {
                Message message = read(in).message();
                signedIn |= message instanceof SignedIn;
                drained |= message instanceof QueueDrained;
            }
            Thread.ofPlatform().daemon().start(() -> peer.readLoop(in));
            return peer;
        }

        synchronized void write(Frame frame) throws java.io.IOException {
            byte[] body = FrameCodec.encode(frame);
            out.write(body.length >>> 24);
            out.write(body.length >>> 16);
            out.write(body.length >>> 8);
            out.write(body.length);
            out.write(body);
        }

        void blast(String to, int count) {
            byte[] payload = new byte[100];
            try {
                for (int i = 0; i < count; i++) {
                    window.acquire();
                    synchronized (this) {
                        write(new Frame(ids.getAndIncrement(), new Send(to, i, payload)));
                        if (window.availablePermits() == 0 || i == count - 1) {
                            out.flush();
                        }
                    }
                }
                synchronized (this) {
                    out.flush();
                }
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        }

        void readLoop(DataInputStream in) {
            try {
                while (true) {
                    Frame frame = read(in);
                    switch (frame.message()) {
                        case Accepted ignored -> window.release();
                        case Deliver deliver -> {
                            onDeliver.countDown();
                            pendingAcks.add(deliver.messageId());
                            if (ack && (pendingAcks.size() >= 64 || in.available() == 0)) {
                                synchronized (this) {
                                    write(new Frame(0, new Ack(List.copyOf(pendingAcks))));
                                    out.flush();
                                }
                                pendingAcks.clear();
                            }
                        }
                        case dev.parley.wire.Error error -> {
                            System.err.println("error: " + error);
                            window.release();
                        }
                        default -> { }
                    }
                }
            } catch (Exception e) {
                // closed
            }
        }

        static Frame read(DataInputStream in) throws Exception {
            byte[] body = new byte[in.readInt()];
            in.readFully(body);
            return FrameCodec.decode(body);
        }

        void close() throws Exception {
            socket.close();
        }
    }
}
