package dev.parley.cli;

import java.util.Arrays;

/**
 * The entry point behind {@code ./parley server} and {@code ./parley client}, followed by that verb's
 * options. The load tool is its own module; the launcher runs {@code ./parley bench} directly.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        String verb = args.length == 0 ? "help" : args[0];
        String[] rest = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
        switch (verb) {
            case "server" -> {
                Logging.forServer();
                dev.parley.server.ServerMain.main(rest);
            }
            case "client" -> System.exit(ClientMain.run(rest));
            case "bench" -> {
                System.err.println("the load tool is its own program: run it as ./parley bench <W1|W2|W3|W4> [flags]");
                System.exit(2);
            }
            case "help", "-h", "--help" -> System.out.println(
                    "usage: parley server [--port 5000] [--data DIR] [--config FILE]\n"
                            + "       parley client [--server HOST:PORT] [--data DIR] [--downloads DIR] [--ca FILE] [--away-after MINUTES]");
            default -> {
                System.err.println("parley: unknown command '" + verb + "'; try: server, client");
                System.exit(2);
            }
        }
    }
}
