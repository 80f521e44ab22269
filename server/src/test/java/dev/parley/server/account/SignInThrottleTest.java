package dev.parley.server.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SignInThrottleTest {
    static final long SECOND = 1_000_000_000L;
    final AtomicLong now = new AtomicLong(SECOND);
    final SignInThrottle throttle = new SignInThrottle(3, 10, 60 * SECOND, now::get);

    @Test
    void aFewFailuresAreFreeThenEachFurtherOneDoublesTheWait() {
        for (int i = 0; i < 3; i++) {
            assertThat(throttle.waitFor("alice", "1.1.1.1")).isZero();
            throttle.failed("alice", "1.1.1.1");
        }
        assertThat(throttle.waitFor("alice", "1.1.1.1")).isZero();
        throttle.failed("alice", "1.1.1.1");
        assertThat(throttle.waitFor("alice", "1.1.1.1")).isEqualTo(SECOND);
        assertThat(throttle.waitFor("alice", "2.2.2.2")).as("the account is throttled from anywhere").isEqualTo(SECOND);
        now.addAndGet(SECOND);
        throttle.failed("alice", "1.1.1.1");
        assertThat(throttle.waitFor("alice", "1.1.1.1")).isEqualTo(2 * SECOND);
        assertThat(throttle.waitFor("bob", "3.3.3.3")).isZero();
    }

    @Test
    void theWaitIsCapped() {
        for (int i = 0; i < 50; i++) {
            throttle.failed("alice", "1.1.1.1");
        }
        assertThat(throttle.waitFor("alice", "9.9.9.9")).isEqualTo(60 * SECOND);
    }

    @Test
    void anAddressTryingManyAccountsIsThrottledForAllOfThem() {
        for (int i = 0; i < 11; i++) {
            throttle.failed("user" + i, "6.6.6.6");
        }
        assertThat(throttle.waitFor("someone-new", "6.6.6.6")).isEqualTo(SECOND);
        assertThat(throttle.waitFor("someone-new", "7.7.7.7")).isZero();
    }

    @Test
    void successClearsTheAccountAndQuietRecordsAreForgotten() {
        for (int i = 0; i < 5; i++) {
            throttle.failed("alice", "1.1.1.1");
        }
        throttle.succeeded("alice");
        assertThat(throttle.waitFor("alice", "2.2.2.2")).isZero();
        now.addAndGet(3_601 * SECOND);
        throttle.sweep();
        assertThat(throttle.tracked()).isZero();
    }
}
