package dev.parley.cli;

import dev.parley.client.ClientOptions;
import dev.parley.client.connection.Endpoint;
import java.nio.file.Path;
import java.time.Duration;

/** The client's command-line options. */
record ClientFlags(Endpoint server, Path dataDir, Path downloads, Path caCertificate, Duration awayAfter) {

    static final String USAGE = "usage: ./parley client [--server HOST:PORT] [--data DIR] [--downloads DIR]"
            + " [--ca FILE] [--away-after MINUTES]";

    /**
     * @throws UsageException naming the offending option, for one line on standard error
     */
    static ClientFlags parse(String... args) throws UsageException {
        Endpoint server = new Endpoint("localhost", ClientOptions.DEFAULT_PORT);
        Path data = ClientOptions.DEFAULT_DATA_DIR;
        Path downloads = null;
        Path ca = null;
        Duration awayAfter = Duration.ofMinutes(5);
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("-h") || flag.equals("--help")) {
                throw new UsageException(USAGE);
            }
            String name = flag;
            String value;
            int eq = flag.indexOf('=');
            if (flag.startsWith("--") && eq > 0) {
                name = flag.substring(0, eq);
                value = flag.substring(eq + 1);
            } else {
                if (i + 1 >= args.length) {
                    throw new UsageException(known(name) ? name + " needs a value; " + USAGE : unknown(name));
                }
                value = args[++i];
            }
            try {
                switch (name) {
                    case "--server" -> server = Endpoint.parse(value, ClientOptions.DEFAULT_PORT);
                    case "--data" -> data = Path.of(value);
                    case "--downloads" -> downloads = Path.of(value);
                    case "--ca" -> ca = Path.of(value);
                    case "--away-after" -> awayAfter = Duration.ofMinutes(Long.parseLong(value));
                    default -> throw new UsageException(unknown(name));
                }
            } catch (NumberFormatException e) {
                throw new UsageException("--away-after needs a whole number of minutes, not '" + value + "'");
            } catch (IllegalArgumentException e) {
                throw new UsageException(name + ": " + e.getMessage());
            }
        }
        return new ClientFlags(server, data, downloads, ca, awayAfter);
    }

    private static boolean known(String name) {
        return switch (name) {
            case "--server", "--data", "--downloads", "--ca", "--away-after" -> true;
            default -> false;
        };
    }

    private static String unknown(String name) {
        return "unknown option '" + name + "'; " + USAGE;
    }

    ClientOptions options() {
        ClientOptions options = ClientOptions.of(server.host(), server.port(), dataDir).withCollectedEvents(0);
        if (downloads != null) {
            options = options.withDownloads(downloads);
        }
        return caCertificate == null ? options : options.withCaCertificate(caCertificate);
    }
}
