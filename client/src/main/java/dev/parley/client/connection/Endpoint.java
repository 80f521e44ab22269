package dev.parley.client.connection;

import java.util.Locale;
import java.util.Objects;

/** Where the server listens. */
public record Endpoint(String host, int port) {

    public Endpoint {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("the server's host name is empty");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port " + port + " is not between 1 and 65535");
        }
    }

    /**
     * Parses {@code HOST:PORT}, {@code HOST} (port 5000) or {@code [v6-address]:PORT}.
     *
     * @throws IllegalArgumentException with a sentence naming the offending text
     */
    public static Endpoint parse(String text, int defaultPort) {
        String value = text.strip();
        String host = value;
        String port = null;
        if (value.startsWith("[")) {
            int close = value.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("'" + text + "' is not HOST:PORT");
            }
            host = value.substring(1, close);
            String rest = value.substring(close + 1);
            if (rest.startsWith(":")) {
                port = rest.substring(1);
            } else if (!rest.isEmpty()) {
                throw new IllegalArgumentException("'" + text + "' is not HOST:PORT");
            }
        } else if (value.indexOf(':') >= 0 && value.indexOf(':') == value.lastIndexOf(':')) {
            host = value.substring(0, value.indexOf(':'));
            port = value.substring(value.indexOf(':') + 1);
        }
        int portNumber = defaultPort;
        if (port != null) {
            try {
                portNumber = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + port + "' in '" + text + "' is not a port number");
            }
        }
        return new Endpoint(host, portNumber);
    }

    /** The key under which this server's certificate is pinned. */
    public String pinKey() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host).toLowerCase(Locale.ROOT) + ":" + port;
    }

    @Override
    public String toString() {
        return pinKey();
    }
}
