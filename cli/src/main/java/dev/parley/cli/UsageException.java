package dev.parley.cli;

/** A line that is not a command, or a command with the wrong arguments; the message is one line to print. */
final class UsageException extends Exception {

    UsageException(String message) {
        super(message);
    }
}
