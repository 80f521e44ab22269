package dev.parley.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real server in its own JVM, started the way {@code ./parley server} starts it, so a test can
 * kill it with SIGKILL and start it again on the same data folder and port.
 */
final class ServerProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on (\\d+)");

    private final Process process;
    private final int port;
    private final List<String> output = new ArrayList<>();

    private ServerProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static ServerProcess start(Path dataDir, int port) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), "dev.parley.server.ServerMain",
                "--host", "127.0.0.1", "--port", Integer.toString(port), "--data", dataDir.toString());
        builder.redirectErrorStream(true);
        Process process = builder.start();
        BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Integer> bound = new CompletableFuture<>();
        List<String> lines = new ArrayList<>();
        Thread.ofVirtual().start(() -> {
            try {
                for (String line; (line = reader.readLine()) != null; ) {
                    synchronized (lines) {
                        lines.add(line);
                    }
                    if (System.getProperty("parley.it.serverlog") != null) {
                        System.out.println("[server] " + line);
                    }
                    Matcher matcher = LISTENING.matcher(line);
                    if (matcher.find()) {
                        bound.complete(Integer.parseInt(matcher.group(1)));
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
            bound.completeExceptionally(new IllegalStateException("server exited before listening: " + lines));
        });
        try {
            int actualPort = bound.get(60, TimeUnit.SECONDS);
            ServerProcess server = new ServerProcess(process, actualPort);
            server.output.addAll(lines);
            return server;
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IllegalStateException("server did not start: " + lines, e);
        }
    }

    int port() {
        return port;
    }

    /** SIGKILL: no shutdown hook, no flush, exactly like a crash. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM: the graceful path. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
