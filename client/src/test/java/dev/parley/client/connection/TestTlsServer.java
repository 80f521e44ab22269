package dev.parley.client.connection;

import dev.parley.wire.Frame;
import dev.parley.wire.FrameCodec;
import dev.parley.wire.Message;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.security.KeyStore;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;

/** A TLS 1.3 server on 127.0.0.1:0 that answers each request frame with a scripted response. */
final class TestTlsServer implements AutoCloseable {

    private final SSLServerSocket server;
    private final Function<Message, Message> responder;
    final CopyOnWriteArrayList<DataOutputStream> clients = new CopyOnWriteArrayList<>();

    TestTlsServer(String keystore, Function<Message, Message> responder) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = TestTlsServer.class.getResourceAsStream("/tls/" + keystore)) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, "changeit".toCharArray());
        SSLContext context = SSLContext.getInstance("TLSv1.3");
        context.init(keys.getKeyManagers(), null, null);
        server = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 50,
                InetAddress.getLoopbackAddress());
        this.responder = responder;
        Thread.ofVirtual().start(this::acceptLoop);
    }

    int port() {
        return server.getLocalPort();
    }

    /** Pushes a message to every connected client. */
    void pushToAll(Message message) throws IOException {
        for (DataOutputStream out : clients) {
            write(out, Frame.push(message));
        }
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread.ofVirtual().start(() -> serve(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            clients.add(out);
            while (true) {
                byte[] body = new byte[in.readInt()];
                in.readFully(body);
                Frame request = FrameCodec.decode(body);
                Message response = responder.apply(request.message());
                if (response != null) {
                    write(out, new Frame(request.id(), response));
                }
            }
        } catch (Exception e) {
            // client went away
        }
    }

    private static void write(DataOutputStream out, Frame frame) throws IOException {
        byte[] body = FrameCodec.encode(frame);
        synchronized (out) {
            out.writeInt(body.length);
            out.write(body);
            out.flush();
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
