package dev.parley.cli;

import java.nio.file.Path;

/**
 * Chooses the log configuration before anything logs. The client logs only to a file in its data
 * folder, never to the terminal it draws on; the server logs to the console unless it ships its own
 * configuration.
 */
final class Logging {

    private static final String PROPERTY = "logback.configurationFile";

    private Logging() {
    }

    static void forClient(Path dataDir) {
        if (System.getProperty(PROPERTY) == null) {
            System.setProperty("parley.client.log", dataDir.resolve("parley-client.log").toAbsolutePath().toString());
            System.setProperty(PROPERTY, "parley-client-logback.xml");
        }
    }

    static void forServer() {
        if (System.getProperty(PROPERTY) == null && Logging.class.getClassLoader().getResource("logback.xml") == null) {
            System.setProperty(PROPERTY, "parley-server-logback.xml");
        }
    }

    static Path clientLogFile() {
        String file = System.getProperty("parley.client.log");
        return file == null ? null : Path.of(file);
    }
}
