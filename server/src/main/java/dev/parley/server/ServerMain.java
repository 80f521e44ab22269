package dev.parley.server;

import dev.parley.server.tls.TlsContexts;
import io.netty.util.ResourceLeakDetector;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code parley server [--port 5000] [--host 0.0.0.0] [--data DIR] [--config FILE] [--metrics-port N]}.
 * Flags override the config file. Prints one line containing {@code listening on <port>} and the
 * certificate fingerprint once connections are accepted, then runs until SIGTERM or Ctrl-C and shuts
 * down gracefully. A failure to start is one sentence on standard error and exit status 1.
 */
public final class ServerMain {
    public static final Path DEFAULT_DATA_DIR = Path.of("parley-data", "server");
    static final String LEAK_DETECTION = "io.netty.leakDetection.level";
    static final String USAGE = "usage: parley server [--port 5000] [--host 0.0.0.0] [--data DIR] [--config FILE] [--metrics-port N]";

    private ServerMain() {
    }

    public static void main(String[] args) {
        if (System.getProperty(LEAK_DETECTION) == null) {
            // Netty's sampled leak tracking records a stack trace for one buffer in 128 and again at its release:
            // 1.8 % of the server's CPU in a W1 profile at 10,000 msg/s. Off in production unless asked for
            // (-Dio.netty.leakDetection.level=simple or paranoid). Servers started in-process (ParleyServer.start or
            // run(), as most tests do) keep Netty's default.
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
        int status = run(args, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /** Starts the server and blocks until the JVM is asked to stop; returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        ServerConfig config;
        try {
            config = parse(args);
        } catch (IllegalArgumentException e) {
            err.println("parley server: " + e.getMessage());
            err.println(USAGE);
            return 2;
        } catch (NoSuchFileException e) {
            err.println("parley server: the config file " + e.getFile() + " does not exist");
            return 2;
        } catch (IOException e) {
            err.println("parley server: the config file could not be read (" + e.getMessage() + ")");
            return 2;
        }
        if (config == null) {
            out.println(USAGE);
            return 0;
        }
        ParleyServer server;
        try {
            server = ParleyServer.start(config);
        } catch (ServerStartException e) {
            err.println("parley server: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("parley-shutdown").unstarted(() -> {
            server.close();
            stopped.countDown();
        }));
        out.println("parley server listening on " + server.port() + " (" + TlsContexts.PROTOCOL.replace("v", " ")
                + ", certificate SHA-256 " + server.certificateFingerprint() + ")");
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.close();
        }
        return 0;
    }

    /** The config the flags describe, or null when help was asked for. */
    static ServerConfig parse(String[] args) throws IOException {
        String port = null;
        String host = null;
        String data = null;
        String file = null;
        String metricsPort = null;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            switch (flag) {
                case "-h", "--help" -> {
                    return null;
                }
                case "--port", "--host", "--data", "--config", "--metrics-port" -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException(flag + " needs a value");
                    }
                    String value = args[++i];
                    switch (flag) {
                        case "--port" -> port = value;
                        case "--host" -> host = value;
                        case "--data" -> data = value;
                        case "--config" -> file = value;
                        default -> metricsPort = value;
                    }
                }
                default -> throw new IllegalArgumentException("unknown option '" + flag + "'");
            }
        }
        ServerConfig config = file == null
                ? ServerConfig.defaults(DEFAULT_DATA_DIR)
                : ServerConfig.load(Path.of(file), DEFAULT_DATA_DIR);
        if (data != null) {
            config = config.withDataDir(Path.of(data));
        }
        if (host != null) {
            config = config.withHost(host);
        }
        if (port != null) {
            config = config.withPort(number(port, "--port"));
        }
        if (metricsPort != null) {
            config = config.withMetricsPort(number(metricsPort, "--metrics-port"));
        }
        return config;
    }

    private static int number(String value, String flag) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " needs a number, not '" + value + "'");
        }
    }
}
