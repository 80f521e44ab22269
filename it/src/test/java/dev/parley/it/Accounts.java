package dev.parley.it;

import dev.parley.client.ClientOptions;
import dev.parley.client.ParleyClient;
import dev.parley.client.events.ClientEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Opens real clients, each with its own data folder, against one server port; closes them all. */
final class Accounts implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(20);

    private final Path root;
    private final List<ParleyClient> open = new ArrayList<>();
    private volatile int port;

    Accounts(Path root, int port) {
        this.root = root;
        this.port = port;
    }

    /** Points clients opened from now on at a server on another port. */
    void port(int newPort) {
        this.port = newPort;
    }

    /** A client whose data folder belongs to this person; the same person always gets the same folder. */
    ParleyClient client(String person) {
        ClientOptions options = ClientOptions.of("127.0.0.1", port, root.resolve(person))
                .withReconnect(Duration.ofMillis(50), Duration.ofMillis(500));
        ParleyClient client = ParleyClient.open(options);
        open.add(client);
        return client;
    }

    ParleyClient signedUp(String person) {
        ParleyClient client = client(person);
        client.signUp(person, password(person));
        return client;
    }

    /** Every event {@code reader} still has or gets, until none comes for {@code quiet}. */
    static List<ClientEvent> eventsUntilQuiet(ParleyClient reader, Duration quiet) throws InterruptedException {
        List<ClientEvent> events = new ArrayList<>();
        for (var event = reader.events().poll(quiet); event.isPresent(); event = reader.events().poll(quiet)) {
            events.add(event.get());
        }
        return events;
    }

    /** The text of the next direct message {@code reader} shows (waits up to {@link #WAIT}). */
    /**
     * {@code joiner} joins {@code group}; returns once each of {@code seenBy} has seen the join. A member who sends
     * before seeing a join seals the message before the newcomer has its key (the known join race,
     * docs/ARCHITECTURE.md), so a test that expects the newcomer to read it must wait for this.
     */
    static void join(ParleyClient joiner, String group, ParleyClient... seenBy) throws Exception {
        joiner.joinGroup(group);
        String name = joiner.username().orElseThrow();
        for (ParleyClient member : seenBy) {
            member.events().await(ClientEvent.MembershipChanged.class,
                    e -> e.group().equals(group) && e.user().equals(name) && e.joined(), WAIT);
        }
    }

    static String nextText(ParleyClient reader) throws Exception {
        return reader.events().await(dev.parley.client.events.ClientEvent.MessageReceived.class, WAIT).message().text();
    }

    static String password(String person) {
        return "pw-of-" + person + "-Zq81";
    }

    Path dataOf(String person) {
        return root.resolve(person);
    }

    @Override
    public void close() {
        for (ParleyClient client : open) {
            try {
                client.close();
            } catch (RuntimeException ignored) {
                // closing what is already closed
            }
        }
        open.clear();
    }
}
