package dev.parley.client.events;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands events to listeners on one dedicated thread, in order, so a slow listener never holds up
 * the network or the store; and into an {@link EventQueue} when one was asked for.
 */
public final class EventBus implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventBus.class);
    private static final Object STOP = new Object();

    /** Not an event: a point in the queue that flush() waits for. */
    private record Marker(java.util.concurrent.CountDownLatch seen) {
    }

    private final List<Consumer<ClientEvent>> listeners = new CopyOnWriteArrayList<>();
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final EventQueue collected;
    private final Thread thread;

    /** collectCapacity 0 means no {@link EventQueue}. */
    public EventBus(int collectCapacity) {
        this.collected = collectCapacity > 0 ? new EventQueue(collectCapacity) : null;
        this.thread = Thread.ofVirtual().name("parley-events").start(this::run);
    }

    public void addListener(Consumer<ClientEvent> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<ClientEvent> listener) {
        listeners.remove(listener);
    }

    /** The collected events, or null when collecting is off. */
    public EventQueue queue() {
        return collected;
    }

    public void publish(ClientEvent event) {
        log.debug("event {}", event);
        queue.add(event);
    }

    /** Waits (up to two seconds) until listeners have seen every event published before this call. */
    public void flush() {
        if (Thread.currentThread() == thread) {
            return;
        }
        Marker marker = new Marker(new java.util.concurrent.CountDownLatch(1));
        queue.add(marker);
        try {
            marker.seen().await(2, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            while (true) {
                Object next = queue.take();
                if (next == STOP) {
                    return;
                }
                if (next instanceof Marker(var seen)) {
                    seen.countDown();
                    continue;
                }
                ClientEvent event = (ClientEvent) next;
                if (collected != null) {
                    collected.add(event);
                }
                for (Consumer<ClientEvent> listener : listeners) {
                    try {
                        listener.accept(event);
                    } catch (RuntimeException e) {
                        log.error("event listener failed on {}", event, e);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Delivers what is already published, then stops. */
    @Override
    public void close() {
        queue.add(STOP);
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
