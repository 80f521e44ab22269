package dev.parley.cli;

import dev.parley.client.ParleyClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;

/**
 * Scripting mode: commands from standard input one per line, run in order, each waiting for its
 * response; events printed as lines as they happen. At the end of input the client waits until its
 * outbox is empty, keeps receiving for a short grace, waits for files still downloading, and exits 0.
 */
final class Scripted {

    static final Duration OUTBOX_WAIT = Duration.ofSeconds(30);
    static final Duration GRACE = Duration.ofSeconds(2);
    /** How long the end of a script waits for files still downloading. */
    static final Duration TRANSFER_WAIT = Duration.ofHours(1);

    private final ParleyClient client;
    private final BufferedReader in;
    private final PrintStream out;
    private final Duration grace;

    Scripted(ParleyClient client, BufferedReader in, PrintStream out) {
        this(client, in, out, GRACE);
    }

    Scripted(ParleyClient client, BufferedReader in, PrintStream out, Duration grace) {
        this.client = client;
        this.in = in;
        this.out = out;
        this.grace = grace;
    }

    int run() throws IOException {
        Printer printer = text -> {
            synchronized (out) {
                out.println(text);
            }
        };
        Formats formats = new Formats(ZoneId.systemDefault());
        client.addListener(event -> formats.event(event).ifPresent(printer::line));
        Shell shell = new Shell(client, printer, formats, prompt -> Optional.empty(), true);
        boolean quit = false;
        String line;
        while (!quit && (line = in.readLine()) != null) {
            quit = !shell.run(line);
        }
        if (!client.awaitOutboxEmpty(OUTBOX_WAIT)) {
            printer.line("! some messages are still in the outbox; they are sent the next time you sign in");
        }
        if (!quit) {
            try {
                Thread.sleep(grace);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (!client.awaitTransfers(TRANSFER_WAIT)) {
                printer.line("! some files are still downloading; they continue the next time you sign in");
            }
        }
        client.flushEvents();
        return 0;
    }
}
