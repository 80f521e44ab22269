package dev.parley.cli;

import dev.parley.client.ParleyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns any failure into the one line the user sees; never a stack trace (that goes to the log). */
final class Sentences {

    private static final Logger log = LoggerFactory.getLogger(Sentences.class);

    private Sentences() {
    }

    static String of(Throwable failure) {
        return switch (failure) {
            case ParleyException parley -> parley.getMessage();
            case UsageException usage -> usage.getMessage();
            case IllegalArgumentException invalid when invalid.getMessage() != null -> invalid.getMessage();
            default -> {
                log.error("unexpected failure", failure);
                java.nio.file.Path file = Logging.clientLogFile();
                yield "something went wrong; the details are in " + (file == null ? "the log" : file.toString());
            }
        };
    }
}
