package dev.parley.server.limits;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenBucketTest {
    @Test
    void theBurstPassesThenTokensComeBackAtTheRate() {
        TokenBucket bucket = new TokenBucket(3, 10, 0);
        assertThat(bucket.tryTake(0)).isZero();
        assertThat(bucket.tryTake(0)).isZero();
        assertThat(bucket.tryTake(0)).isZero();
        assertThat(bucket.tryTake(0)).isEqualTo(100_000_000L);
        assertThat(bucket.tryTake(100_000_000L)).isZero();
        assertThat(bucket.isFull(100_000_000L)).isFalse();
        assertThat(bucket.isFull(1_000_000_000L)).isTrue();
    }

    @Test
    void waitsReadNaturally() {
        assertThat(Waits.describe(100_000_000L)).isEqualTo("0.1 seconds");
        assertThat(Waits.describe(1_000_000_000L)).isEqualTo("1 second");
        assertThat(Waits.describe(8_200_000_000L)).isEqualTo("9 seconds");
        assertThat(Waits.describe(900_000_000_000L)).isEqualTo("15 minutes");
    }
}
