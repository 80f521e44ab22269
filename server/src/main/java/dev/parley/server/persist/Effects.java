package dev.parley.server.persist;

import dev.parley.server.state.Connection;
import dev.parley.wire.Error;
import dev.parley.wire.ErrorCode;
import dev.parley.wire.Frame;
import dev.parley.wire.Message;
import io.netty.channel.Channel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a committed batch makes the network do: responses, pushes and small tasks, collected on the
 * store writer and handed to each event loop as ONE task per batch. On the loop every frame is
 * written first and each touched connection flushed once, so a batch of a thousand Accepted frames
 * costs a handful of syscalls. A batch's effects may be held until the batch is durable
 * ({@link Durability}); each connection they touch remembers that it is owed them.
 */
public final class Effects {
    private final Map<EventExecutor, List<Object>> byLoop = new IdentityHashMap<>();
    private final long sequence;
    private final Durability ahead;
    /** Durability only: the operations of the batch these effects are held for. */
    int operations;

    /** Effects that go out when dispatched and hold nothing back (tests, and anything outside the writer). */
    public Effects() {
        this(0, null);
    }

    /**
     * @param sequence the batch's place in the order of held effects, marked on each connection touched (0: none)
     * @param ahead    for effects made ahead of a commit: what tells whether a connection is still owed held ones
     */
    Effects(long sequence, Durability ahead) {
        this.sequence = sequence;
        this.ahead = ahead;
    }

    long sequence() {
        return sequence;
    }

    /**
     * Whether a push to {@code to} may be made here. Always, except ahead of a commit to a connection still owed
     * effects that have not gone out — an earlier batch's waiting for their sync, or this batch's own for a connection
     * it attaches ({@link WriteContext#holdPushes}) — since the push would overtake them. The operation then pushes
     * after its commit instead.
     */
    public boolean ready(Connection to) {
        return ahead == null || ahead.settled(to);
    }

    /** Queues a Frame or an encoded ByteBuf (ownership passes here) for the connection. */
    public void send(Connection to, Object frameOrBuffer) {
        owe(to);
        List<Object> items = items(to.loop());
        items.add(to);
        items.add(frameOrBuffer);
    }

    public void push(Connection to, Message message) {
        send(to, Frame.push(message));
    }

    /** The response to a request; success responses to requests with id 0 are left out. */
    public void reply(Connection to, long requestId, Message message) {
        if (requestId == Frame.PUSH && !(message instanceof Error)) {
            return;
        }
        send(to, new Frame(requestId, message));
    }

    public void fail(Connection to, long requestId, ErrorCode code, String sentence) {
        send(to, new Frame(requestId, new Error(code, sentence)));
    }

    /** Runs the task on the connection's event loop, in order with the frames queued for it. */
    public void run(Connection on, Runnable task) {
        owe(on);
        List<Object> items = items(on.loop());
        items.add(task);
    }

    public boolean isEmpty() {
        return byLoop.isEmpty();
    }

    /** Hands everything to the event loops; call once, after the batch committed (and, if held, synced). */
    public void dispatch() {
        for (Map.Entry<EventExecutor, List<Object>> entry : byLoop.entrySet()) {
            List<Object> items = entry.getValue();
            try {
                entry.getKey().execute(() -> deliver(items));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                items.forEach(ReferenceCountUtil::release);
            }
        }
        byLoop.clear();
    }

    /** Drops everything instead of dispatching it (the store failed), releasing the encoded buffers. */
    void discard() {
        for (List<Object> items : byLoop.values()) {
            items.forEach(ReferenceCountUtil::release);
        }
        byLoop.clear();
    }

    /** Marks {@code to} as owed these effects: pushes ahead of a later commit wait until they have gone out. */
    void owe(Connection to) {
        if (sequence > 0) {
            to.heldThrough = sequence;
        }
    }

    private List<Object> items(EventExecutor loop) {
        return byLoop.computeIfAbsent(loop, ignored -> new ArrayList<>());
    }

    private static void deliver(List<Object> items) {
        List<Channel> touched = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Object item = items.get(i);
            if (item instanceof Runnable task) {
                task.run();
                continue;
            }
            Connection to = (Connection) item;
            Object message = items.get(++i);
            Channel channel = to.channel();
            if (!channel.isActive()) {
                ReferenceCountUtil.release(message);
                continue;
            }
            channel.write(message, channel.voidPromise());
            if (touched.isEmpty() || touched.getLast() != channel) {
                touched.add(channel);
            }
        }
        for (Channel channel : touched) {
            channel.flush();
        }
    }
}
