package dev.parley.cli;

import dev.parley.client.ParleyClient;
import dev.parley.client.ParleyException;
import dev.parley.client.account.AccountFolders;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code ./parley client}: interactive with line editing when standard input is a terminal, else
 * scripted — one command per line, each waiting for its response, events printed as lines.
 */
final class ClientMain {

    private ClientMain() {
    }

    static int run(String[] args) {
        ClientFlags flags;
        try {
            flags = ClientFlags.parse(args);
        } catch (UsageException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        try {
            AccountFolders.createPrivate(flags.dataDir());
        } catch (IOException e) {
            System.err.println("parley: cannot create the data folder " + flags.dataDir() + ": " + e.getMessage());
            return 1;
        }
        Logging.forClient(flags.dataDir());
        java.io.Console console = System.console();
        boolean terminal = console != null && console.isTerminal();
        try (ParleyClient client = ParleyClient.open(flags.options())) {
            if (terminal) {
                return new Interactive(client, flags).run();
            }
            PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            return new Scripted(client, in, out).run();
        } catch (ParleyException e) {
            System.err.println("parley: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            System.err.println("parley: " + e.getMessage());
            return 1;
        }
    }
}
