package dev.parley.crypto.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Runs the {@code openssl} command. Missing openssl fails the test when CI=true and skips it otherwise. */
public final class Openssl {
    private Openssl() {}

    public static void require() {
        boolean present;
        try {
            present = run(List.of("version"), new byte[0]).length > 0;
        } catch (IOException e) {
            present = false;
        }
        if (!present) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) fail("openssl is required in CI (.ci/run installs it) but was not found");
            Assumptions.abort("openssl not installed; this interop test runs in CI");
        }
    }

    public static byte[] run(List<String> args, byte[] stdin) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add("openssl");
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        p.getOutputStream().write(stdin);
        p.getOutputStream().close();
        byte[] out = readAll(p.getInputStream());
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("openssl timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        if (p.exitValue() != 0) throw new IOException("openssl " + args + " failed: " + new String(err.join()));
        return out;
    }

    private static byte[] readAll(InputStream in) {
        try (in; ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            in.transferTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
