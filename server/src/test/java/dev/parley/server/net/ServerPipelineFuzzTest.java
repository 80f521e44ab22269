package dev.parley.server.net;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.parley.server.testing.TestClient;
import dev.parley.wire.Ack;
import dev.parley.wire.CreateGroup;
import dev.parley.wire.Error;
import dev.parley.wire.ErrorCode;
import dev.parley.wire.FetchBundle;
import dev.parley.wire.Frame;
import dev.parley.wire.FrameCodec;
import dev.parley.wire.JoinGroup;
import dev.parley.wire.KeyUpload;
import dev.parley.wire.LeaveGroup;
import dev.parley.wire.ListGroups;
import dev.parley.wire.ListMembers;
import dev.parley.wire.ListUsers;
import dev.parley.wire.MalformedFrameException;
import dev.parley.wire.Message;
import dev.parley.wire.OneTimePreKey;
import dev.parley.wire.Ping;
import dev.parley.wire.Pong;
import dev.parley.wire.Presence;
import dev.parley.wire.PublishKeys;
import dev.parley.wire.Resume;
import dev.parley.wire.Send;
import dev.parley.wire.SendGroup;
import dev.parley.wire.SetPresence;
import dev.parley.wire.SignIn;
import dev.parley.wire.SignOut;
import dev.parley.wire.SignUp;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * Coverage-guided fuzzing of the server's whole request path: the real pipeline (length prefix, frame
 * decoder, sign-in gate, rate limiter, dispatcher, every service and the store writer on a real SQLite
 * file) without TLS, over Netty's in-VM transport. Each run opens a connection and sends what the
 * fuzzer chose — raw bytes, frames of any type with a fuzzed body, or well-formed requests with fuzzed
 * fields, signed in or not — then a Ping.
 *
 * <p>Findings: anything the server writes that is not a well-formed frame, an {@code INTERNAL} error
 * (a handler threw), a warning or error in the server's log (an exception reached the pipeline, a
 * store batch failed), or a server that no longer answers a fresh connection's Ping. Longer run:
 * {@code JAZZER_FUZZ=1 ./parley mvn -B -o -pl server surefire:test@fuzz-pipeline -Djazzer.max_duration=30m}.
 */
class ServerPipelineFuzzTest {
    private static final long SENTINEL = Long.MAX_VALUE - 7;
    private static final String PASSWORD = "fuzz-password-1";
    private static final byte[] IDENTITY = filled(65, 7);
    private static final List<String> findings = new CopyOnWriteArrayList<>();
    private static final InVmServer SERVER = start();
    private static int runs;

    private static InVmServer start() {
        try {
            for (String name : List.of("dev.parley.server", "io.netty")) {
                Logger logger = (Logger) LoggerFactory.getLogger(name);
                logger.setLevel(Level.WARN);
                AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
                    @Override
                    protected void append(ILoggingEvent event) {
                        findings.add(event.getLevel() + " " + event.getLoggerName() + " " + event.getFormattedMessage()
                                + (event.getThrowableProxy() == null ? "" : " " + event.getThrowableProxy().getClassName()
                                + ": " + event.getThrowableProxy().getMessage()));
                    }
                };
                appender.start();
                logger.addAppender(appender);
            }
            Path dir = Files.createTempDirectory("parley-pipeline-fuzz");
            dir.toFile().deleteOnExit();
            InVmServer server = new InVmServer(dir);
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
            for (int i = 1; i <= 3; i++) {
                Client client = Client.open(server);
                client.write(frame(1, new SignUp("fuzzer" + i, PASSWORD, keys(IDENTITY, 5))));
                client.awaitAnswer(1, 5_000);
                client.channel.close().sync();
            }
            server.quiesce();
            findings.clear();
            return server;
        } catch (Exception e) {
            throw new IllegalStateException("could not start the in-VM server", e);
        }
    }

    @FuzzTest(maxDuration = "10s")
    void anyBytesOnAConnectionGetWellFormedAnswersAndNeverBreakTheServer(FuzzedDataProvider data) throws Exception {
        Client client = Client.open(SERVER);
        long id = 1;
        int ops = data.consumeInt(1, 8);
        for (int op = 0; op < ops && data.remainingBytes() > 0; op++) {
            switch (data.consumeInt(0, 3)) {
                case 0 -> client.write(data.consumeBytes(data.consumeInt(0, 64)));
                case 1 -> {
                    byte[] fields = data.consumeBytes(data.consumeInt(0, 300));
                    int type = data.consumeInt(0, 127);
                    client.write(bodyFrame(data.consumeBoolean() ? 1 : data.consumeInt(0, 255), type, id++, fields));
                }
                case 2 -> client.write(frame(data.consumeBoolean() ? id++ : 0, request(data)));
                default -> client.write(frame(id++, new SignIn("fuzzer" + data.consumeInt(1, 3), PASSWORD)));
            }
        }
        boolean whole = client.atFrameBoundary();
        client.write(frame(SENTINEL, new Ping(42)));
        if (whole && client.awaitAnswer(SENTINEL, 5_000) == null && !client.isClosed()) {
            client.problems.add("a Ping after whole frames got no answer within 5 s and the connection is still open");
        }
        client.channel.close().sync();
        SERVER.quiesce();
        check(client);
        if (++runs % 100 == 0) {
            stillServesOthers();
        }
    }

    private static void check(Client client) throws Exception {
        List<String> problems = new ArrayList<>(findings);
        findings.clear();
        problems.addAll(client.problems);
        if (!problems.isEmpty()) {
            throw new AssertionError("the server misbehaved: " + problems);
        }
    }

    private static void stillServesOthers() throws Exception {
        Client fresh = Client.open(SERVER);
        fresh.write(frame(9, new Ping(9)));
        if (!(fresh.awaitAnswer(9, 5_000) instanceof Pong)) {
            throw new AssertionError("a fresh connection's Ping is no longer answered");
        }
        fresh.channel.close().sync();
    }

    /** A well-formed request of any kind with fields the fuzzer chose (names mostly from a small set, so they exist). */
    private static Message request(FuzzedDataProvider data) {
        return switch (data.consumeInt(0, 17)) {
            case 0 -> new SignUp(name(data), data.consumeString(40), keys(data.consumeBoolean() ? IDENTITY : data.consumeBytes(70),
                    data.consumeInt(0, 4)));
            case 1 -> new SignIn(name(data), data.consumeBoolean() ? PASSWORD : data.consumeString(40));
            case 2 -> new Resume(name(data), data.consumeBytes(64));
            case 3 -> new SignOut();
            case 4 -> new PublishKeys(keys(data.consumeBoolean() ? IDENTITY : data.consumeBytes(70), data.consumeInt(0, 6)));
            case 5 -> new FetchBundle(name(data));
            case 6 -> new Send(name(data), data.consumeLong(), data.consumeBytes(data.consumeInt(0, 600)));
            case 7 -> new SendGroup(name(data), data.consumeLong(), data.consumeBytes(data.consumeInt(0, 600)));
            case 8 -> {
                List<Long> ids = new ArrayList<>();
                for (int i = data.consumeInt(0, 5); i > 0; i--) {
                    ids.add(data.consumeBoolean() ? data.consumeLong() : data.consumeInt(0, 50));
                }
                yield new Ack(ids);
            }
            case 9 -> new ListUsers();
            case 10 -> new SetPresence(data.pickValue(Presence.values()));
            case 11 -> new CreateGroup(name(data));
            case 12 -> new JoinGroup(name(data));
            case 13 -> new LeaveGroup(name(data));
            case 14 -> new ListGroups();
            case 15 -> new ListMembers(name(data));
            case 16 -> new Ping(data.consumeLong());
            default -> new dev.parley.wire.Ok();
        };
    }

    private static String name(FuzzedDataProvider data) {
        return switch (data.consumeInt(0, 3)) {
            case 0 -> "fuzzer" + data.consumeInt(1, 3);
            case 1 -> "group" + data.consumeInt(1, 3);
            case 2 -> "FUZZER" + data.consumeInt(1, 3);
            default -> data.consumeString(70);
        };
    }

    private static KeyUpload keys(byte[] identity, int oneTimeKeys) {
        List<OneTimePreKey> prekeys = new ArrayList<>();
        for (int i = 0; i < oneTimeKeys; i++) {
            prekeys.add(new OneTimePreKey(i % 3, filled(32, i)));
        }
        return new KeyUpload(identity, filled(101, 3), prekeys);
    }

    private static byte[] filled(int length, int value) {
        byte[] bytes = new byte[length];
        java.util.Arrays.fill(bytes, (byte) (value + 1));
        return bytes;
    }

    private static byte[] frame(long id, Message message) {
        return TestClient.framed(new Frame(id, message));
    }

    private static byte[] bodyFrame(int version, int type, long id, byte[] fields) {
        ByteBuf body = Unpooled.buffer().writeByte(version).writeByte(type).writeLong(id).writeBytes(fields);
        byte[] bytes = new byte[body.readableBytes()];
        body.readBytes(bytes);
        return TestClient.lengthPrefixed(bytes);
    }

    /** One connection: writes bytes, and checks that everything the server writes back is a well-formed frame. */
    static final class Client extends ChannelInboundHandlerAdapter {
        final List<String> problems = new CopyOnWriteArrayList<>();
        private final ByteBuf pending = Unpooled.buffer();
        private final java.util.Map<Long, CompletableFuture<Message>> answers = new java.util.concurrent.ConcurrentHashMap<>();
        private final CompletableFuture<Void> closed = new CompletableFuture<>();
        Channel channel;

        static Client open(InVmServer server) throws InterruptedException {
            Client client = new Client();
            client.channel = server.connect(client);
            return client;
        }

        /** Bytes written but not yet known to end a frame; -1 once a length the server must refuse was written. */
        private long partial;
        private long expected = 4;
        private boolean inBody;

        void write(byte[] bytes) {
            channel.writeAndFlush(Unpooled.wrappedBuffer(bytes));
            track(bytes);
        }

        /** Follows the length prefixes of everything written, as the server's decoder will. */
        private void track(byte[] bytes) {
            for (byte b : bytes) {
                if (partial < 0) {
                    return;
                }
                if (!inBody) {
                    partial = (partial << 8) | (b & 0xFF);
                    if (--expected == 0) {
                        long length = (int) partial;
                        if (length < 0 || length > (1 << 20)) {
                            partial = -1;
                            return;
                        }
                        inBody = length > 0;
                        expected = length;
                        partial = 0;
                        if (!inBody) {
                            expected = 4;
                        }
                    }
                } else if (--expected == 0) {
                    inBody = false;
                    expected = 4;
                    partial = 0;
                }
            }
        }

        /** True when the last frame written before the sentinel was complete, so the sentinel is a frame of its own. */
        boolean atFrameBoundary() {
            return partial == 0 && !inBody && expected == 4;
        }

        boolean isClosed() {
            return closed.isDone();
        }

        /** The answer to the request id, or null when the connection closed (or stayed silent that long) first. */
        Message awaitAnswer(long id, long millis) {
            CompletableFuture<Message> answer = answers.computeIfAbsent(id, ignored -> new CompletableFuture<>());
            try {
                CompletableFuture.anyOf(answer, closed).get(millis, TimeUnit.MILLISECONDS);
            } catch (Exception silent) {
                // a partial frame may have swallowed the request: the server is right to wait for more bytes
            }
            return answer.getNow(null);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf in = (ByteBuf) msg;
            pending.writeBytes(in);
            in.release();
            while (pending.readableBytes() >= 4) {
                int length = pending.getInt(pending.readerIndex());
                if (length < 0 || length > (1 << 20)) {
                    problems.add("the server wrote a frame length of " + length);
                    pending.clear();
                    return;
                }
                if (pending.readableBytes() < 4 + length) {
                    return;
                }
                pending.skipBytes(4);
                byte[] body = new byte[length];
                pending.readBytes(body);
                pending.discardReadBytes();
                try {
                    Frame frame = FrameCodec.decode(body);
                    if (frame.message() instanceof Error error && error.code() == ErrorCode.INTERNAL) {
                        problems.add("INTERNAL error: " + error.message());
                    }
                    answers.computeIfAbsent(frame.id(), ignored -> new CompletableFuture<>()).complete(frame.message());
                } catch (MalformedFrameException e) {
                    problems.add("the server wrote a frame that does not decode: " + e.getMessage());
                }
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            closed.complete(null);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            problems.add("client side: " + cause);
        }
    }
}
