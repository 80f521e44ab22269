package dev.parley.client.events;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A bounded queue of events for code that prefers pulling to listening (tests, scripts). When full,
 * the oldest event is dropped. {@link #await} takes the first matching event and leaves the others.
 */
public final class EventQueue {

    private final int capacity;
    private final ArrayDeque<ClientEvent> events = new ArrayDeque<>();

    public EventQueue(int capacity) {
        this.capacity = capacity;
    }

    synchronized void add(ClientEvent event) {
        if (events.size() == capacity) {
            events.removeFirst();
        }
        events.addLast(event);
        notifyAll();
    }

    /** The next event, waiting up to timeout; empty if none came. */
    public synchronized Optional<ClientEvent> poll(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (events.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            waitNanos(left);
        }
        return Optional.of(events.removeFirst());
    }

    /**
     * Takes the first event of the given type that matches, waiting up to timeout; events that do not
     * match stay in the queue.
     *
     * @throws java.util.concurrent.TimeoutException naming the awaited type when none arrived in time
     */
    public synchronized <T extends ClientEvent> T await(Class<T> type, Predicate<? super T> matching, Duration timeout)
            throws InterruptedException, java.util.concurrent.TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (Iterator<ClientEvent> it = events.iterator(); it.hasNext(); ) {
                ClientEvent event = it.next();
                if (type.isInstance(event) && matching.test(type.cast(event))) {
                    it.remove();
                    return type.cast(event);
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new java.util.concurrent.TimeoutException("no " + type.getSimpleName() + " event within "
                        + timeout + "; queued: " + events);
            }
            waitNanos(left);
        }
    }

    public <T extends ClientEvent> T await(Class<T> type, Duration timeout)
            throws InterruptedException, java.util.concurrent.TimeoutException {
        return await(type, any -> true, timeout);
    }

    public synchronized int size() {
        return events.size();
    }

    public synchronized void clear() {
        events.clear();
    }

    private void waitNanos(long nanos) throws InterruptedException {
        long millis = Math.max(1, nanos / 1_000_000);
        wait(millis);
    }
}
