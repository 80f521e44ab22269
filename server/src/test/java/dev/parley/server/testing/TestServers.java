package dev.parley.server.testing;

import dev.parley.server.ServerConfig;
import java.nio.file.Path;
import java.time.Duration;

/** Server configs for tests: loopback, a free port, cheap password hashing, generous sign-up limits. */
public final class TestServers {
    private TestServers() {
    }

    public static ServerConfig config(Path dataDir) {
        return ServerConfig.defaults(dataDir)
                .withHost("127.0.0.1")
                .withPort(0)
                .withIoThreads(2)
                .withArgon2(1024, 1, 1)
                .withSignUpRate(6_000, 1_000)
                .withShutdownGrace(Duration.ofSeconds(2));
    }
}
