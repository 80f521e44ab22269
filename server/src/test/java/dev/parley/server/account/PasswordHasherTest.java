package dev.parley.server.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {
    final PasswordHasher hasher = new PasswordHasher(256, 1, 1, new SecureRandom());

    @Test
    void aHashVerifiesItsPasswordAndNoOther() {
        String hash = hasher.hash("correct horse");
        assertThat(hash).startsWith("$argon2id$v=19$m=256,t=1,p=1$").doesNotContain("correct horse");
        assertThat(hasher.verify("correct horse", hash)).isTrue();
        assertThat(hasher.verify("correct horsE", hash)).isFalse();
    }

    @Test
    void theSamePasswordHashesDifferentlyEachTime() {
        assertThat(hasher.hash("same")).isNotEqualTo(hasher.hash("same"));
    }

    @Test
    void aHashMadeWithOtherParametersStillVerifies() {
        String old = new PasswordHasher(128, 2, 1, new SecureRandom()).hash("pw");
        assertThat(hasher.verify("pw", old)).isTrue();
    }

    @Test
    void aMalformedStoredHashNeverMatches() {
        assertThat(hasher.verify("pw", "")).isFalse();
        assertThat(hasher.verify("pw", "$argon2i$v=19$m=256,t=1,p=1$AAAA$AAAA")).isFalse();
        assertThat(hasher.verify("pw", "$argon2id$v=19$m=x,t=1,p=1$AAAA$AAAA")).isFalse();
    }
}
