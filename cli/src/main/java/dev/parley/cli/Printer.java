package dev.parley.cli;

/** Where the client's lines go: standard output in scripts, above the prompt on a terminal. */
interface Printer {

    /** Prints one line (command output or event). */
    void line(String text);

    /** Prints one error sentence. */
    default void error(String sentence) {
        line("error: " + sentence);
    }
}
