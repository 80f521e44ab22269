package dev.parley.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the {@code openssl} command as an independent TLS peer. */
final class OpenSsl {
    record Result(int exitCode, String output) {
    }

    private OpenSsl() {
    }

    /** Whether the command exists; in CI a missing openssl is a failure, not a skip. */
    static boolean available() {
        try {
            return run(List.of("version"), "").exitCode() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    static Result run(List<String> args, String stdin) throws IOException {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("openssl " + args + " did not finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(process.exitValue(), output);
    }

    /** One handshake attempt with {@code s_client}; the server's reply is irrelevant, only what was negotiated. */
    static Result connect(int port, String... options) throws IOException {
        List<String> args = new ArrayList<>(List.of("s_client", "-connect", "127.0.0.1:" + port, "-servername", "localhost"));
        args.addAll(List.of(options));
        return run(args, "");
    }
}
