package dev.parley.client.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class EndpointAndBackoffTest {

    @Test
    void endpointsParseHostPortHostAloneAndBracketedIpv6() {
        assertThat(Endpoint.parse("example.org:6000", 5000)).isEqualTo(new Endpoint("example.org", 6000));
        assertThat(Endpoint.parse("localhost", 5000)).isEqualTo(new Endpoint("localhost", 5000));
        assertThat(Endpoint.parse("[::1]:7000", 5000)).isEqualTo(new Endpoint("::1", 7000));
        assertThat(Endpoint.parse("[::1]", 5000).pinKey()).isEqualTo("[::1]:5000");
    }

    @Test
    void badEndpointsNameTheOffendingText() {
        assertThatThrownBy(() -> Endpoint.parse("host:abc", 5000)).hasMessage("'abc' in 'host:abc' is not a port number");
        assertThatThrownBy(() -> Endpoint.parse("host:70000", 5000)).hasMessage("port 70000 is not between 1 and 65535");
        assertThatThrownBy(() -> Endpoint.parse(":5000", 5000)).hasMessage("the server's host name is empty");
    }

    @Test
    void backoffGrowsExponentiallyWithJitterUpToTheCapAndResets() {
        Backoff lowest = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2), () -> 0.0);
        assertThat(lowest.next()).isEqualTo(Duration.ofMillis(50));
        assertThat(lowest.next()).isEqualTo(Duration.ofMillis(100));
        assertThat(lowest.next()).isEqualTo(Duration.ofMillis(200));
        Backoff highest = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2), () -> 0.999_999);
        for (int i = 0; i < 30; i++) {
            assertThat(highest.next()).isLessThanOrEqualTo(Duration.ofSeconds(2));
        }
        assertThat(highest.next()).isGreaterThan(Duration.ofMillis(1900));
        highest.reset();
        assertThat(highest.next()).isLessThanOrEqualTo(Duration.ofMillis(100));
    }

    @Test
    void fingerprintsCompareInAnySpelling() {
        assertThat(Fingerprints.canonical("AB:cd:01")).isEqualTo("abcd01");
        assertThat(Fingerprints.display("abcd01")).isEqualTo("AB:CD:01");
    }
}
