package dev.parley.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP forwarder between clients and the server that drops connections the way a flaky network
 * does: any connection that has carried more than {@code cutAfter} bytes in the watched direction is
 * closed abruptly (both sides), up to {@code cuts} times in all. Chat connections carry far less than
 * the threshold, so only file streams get cut. TLS passes through untouched (it is just bytes here).
 */
final class CuttingProxy implements AutoCloseable {
    enum Direction { UP, DOWN }

    private final ServerSocket listener;
    private final int target;
    private final Direction watched;
    private final long cutAfter;
    private final AtomicInteger cutsLeft;
    private final AtomicInteger cutsDone = new AtomicInteger();
    private final AtomicLong up = new AtomicLong();
    private final AtomicLong down = new AtomicLong();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    CuttingProxy(int target, Direction watched, long cutAfter, int cuts) throws IOException {
        this.target = target;
        this.watched = watched;
        this.cutAfter = cutAfter;
        this.cutsLeft = new AtomicInteger(cuts);
        this.listener = new ServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread.ofVirtual().name("proxy-accept").start(this::accept);
    }

    int port() {
        return listener.getLocalPort();
    }

    int cuts() {
        return cutsDone.get();
    }

    /** Bytes carried from clients to the server, over every connection. */
    long bytesUp() {
        return up.get();
    }

    /** Bytes carried from the server to clients, over every connection. */
    long bytesDown() {
        return down.get();
    }

    private void accept() {
        try {
            while (true) {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                open.add(client);
                open.add(server);
                AtomicLong carried = new AtomicLong();
                Thread.ofVirtual().start(() -> pump(client, server, Direction.UP, carried));
                Thread.ofVirtual().start(() -> pump(server, client, Direction.DOWN, carried));
            }
        } catch (IOException e) {
            // closed
        }
    }

    private void pump(Socket from, Socket to, Direction direction, AtomicLong carriedWatched) {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                out.write(buffer, 0, n);
                (direction == Direction.UP ? up : down).addAndGet(n);
                if (direction == watched && carriedWatched.addAndGet(n) > cutAfter && cutsLeft.getAndDecrement() > 0) {
                    cutsDone.incrementAndGet();
                    closeQuietly(from);
                    closeQuietly(to);
                    return;
                }
            }
        } catch (IOException e) {
            // one side went away
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private void closeQuietly(Socket socket) {
        open.remove(socket);
        try {
            socket.setSoLinger(true, 0);
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        open.forEach(this::closeQuietly);
    }
}
