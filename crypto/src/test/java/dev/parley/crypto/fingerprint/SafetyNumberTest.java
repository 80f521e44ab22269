package dev.parley.crypto.fingerprint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.crypto.identity.IdentityKey;
import dev.parley.crypto.identity.IdentityKeyPair;
import dev.parley.crypto.testing.TestRandom;
import org.junit.jupiter.api.Test;

class SafetyNumberTest {
    private final IdentityKey alice = IdentityKeyPair.generate(TestRandom.seeded(1)).publicKey();
    private final IdentityKey bob = IdentityKeyPair.generate(TestRandom.seeded(2)).publicKey();

    @Test
    void bothSidesComputeTheSameSixtyDigits() {
        SafetyNumber a = SafetyNumber.of("alice", alice, "bob", bob);
        SafetyNumber b = SafetyNumber.of("bob", bob, "alice", alice);
        assertThat(a).isEqualTo(b);
        assertThat(a.digits()).hasSize(60).containsOnlyDigits();
        assertThat(a.displayText()).matches("([0-9]{5} ){11}[0-9]{5}");
    }

    @Test
    void aChangedIdentityKeyOrUserIdChangesTheNumber() {
        IdentityKey other = IdentityKeyPair.generate(TestRandom.seeded(3)).publicKey();
        SafetyNumber original = SafetyNumber.of("alice", alice, "bob", bob);
        assertThat(SafetyNumber.of("alice", alice, "bob", other)).isNotEqualTo(original);
        assertThat(SafetyNumber.of("alice", alice, "bobby", bob)).isNotEqualTo(original);
    }

    @Test
    void theNumberIsAStableFunctionOfItsInputs() {
        assertThat(SafetyNumber.of("alice", alice, "bob", bob)).isEqualTo(SafetyNumber.of("alice", alice, "bob", bob));
    }
}
