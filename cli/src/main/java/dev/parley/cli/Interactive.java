package dev.parley.cli;

import dev.parley.client.ParleyClient;
import dev.parley.wire.Presence;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.history.DefaultHistory;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.jline.utils.Status;

/**
 * The terminal client: JLine line editing and history (commands holding a password are never
 * written to it), a hidden password prompt, events printed above the prompt, progress bars of file
 * transfers in the status lines below it, and "away" presence after some minutes without input.
 */
final class Interactive {

    private static final Pattern HOLDS_PASSWORD =
            Pattern.compile("\\s*(signup|create_user|(login|signin)\\s+\\S+\\s+\\S).*", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    private final ParleyClient client;
    private final ClientFlags flags;
    private volatile Instant lastInput = Instant.now();
    private volatile boolean away;

    Interactive(ParleyClient client, ClientFlags flags) {
        this.client = client;
        this.flags = flags;
    }

    int run() throws IOException {
        try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
            LineReader reader = LineReaderBuilder.builder()
                    .terminal(terminal)
                    .appName("parley")
                    .history(new PrivateHistory())
                    .variable(LineReader.HISTORY_FILE, flags.dataDir().resolve(".parley_history"))
                    .build();
            Object lock = new Object();
            Printer printer = text -> {
                synchronized (lock) {
                    reader.printAbove(text);
                }
            };
            Formats formats = new Formats(ZoneId.systemDefault());
            client.addListener(event -> formats.event(event).ifPresent(printer::line));
            Status status = Status.getStatus(terminal);
            TransferBars bars = new TransferBars(status == null ? null : lines -> {
                synchronized (lock) {
                    status.update(lines.stream().map(AttributedString::new).toList());
                }
            }, printer, terminal::getWidth);
            client.addListener(bars);
            Shell shell = new Shell(client, printer, formats, prompt -> ask(reader, prompt), false);
            printer.line("Parley client for " + flags.server() + ". Type HELP for the commands, QUIT to leave.");
            ScheduledExecutorService idle = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "parley-idle");
                t.setDaemon(true);
                return t;
            });
            idle.scheduleAtFixedRate(this::checkIdle, 15, 15, TimeUnit.SECONDS);
            try {
                while (true) {
                    String line;
                    try {
                        line = reader.readLine(prompt());
                    } catch (UserInterruptException e) {
                        continue;
                    } catch (EndOfFileException e) {
                        break;
                    }
                    active();
                    if (!shell.run(line)) {
                        break;
                    }
                }
            } finally {
                idle.shutdownNow();
                bars.clear();
                reader.getHistory().save();
            }
        }
        return 0;
    }

    private String prompt() {
        return client.username().map(name -> name + "> ").orElse("parley> ");
    }

    private static Optional<String> ask(LineReader reader, String prompt) {
        try {
            return Optional.of(reader.readLine(prompt, '\0'));
        } catch (UserInterruptException | EndOfFileException e) {
            return Optional.empty();
        }
    }

    private void active() {
        lastInput = Instant.now();
        if (away) {
            away = false;
            setPresence(Presence.ONLINE);
        }
    }

    private void checkIdle() {
        if (!away && client.isConnected()
                && Duration.between(lastInput, Instant.now()).compareTo(flags.awayAfter()) >= 0) {
            away = true;
            setPresence(Presence.AWAY);
        }
    }

    private void setPresence(Presence presence) {
        Thread.ofVirtual().start(() -> {
            try {
                client.setPresence(presence);
            } catch (RuntimeException e) {
                // presence is best effort; the next input or idle check tries again
                away = presence == Presence.ONLINE;
            }
        });
    }

    /** Command history that never records a line holding a password. */
    static final class PrivateHistory extends DefaultHistory {

        @Override
        public void add(Instant time, String line) {
            if (!holdsPassword(line)) {
                super.add(time, line);
            }
        }

        static boolean holdsPassword(String line) {
            return HOLDS_PASSWORD.matcher(line.toLowerCase(Locale.ROOT)).matches();
        }
    }
}
