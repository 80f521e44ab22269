package dev.parley.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.crypto.testing.TestRandom;
import java.security.SecureRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** The module's Ed25519 (BouncyCastle) and the JDK's agree on keys and signatures, and each verifies the other's. */
class Ed25519CrossCheckPropertyTest {
    @Property(tries = 60)
    void bouncyCastleAndTheJdkAgreeOnRandomSeedsAndMessages(@ForAll long seedOfSeed, @ForAll byte[] message) {
        SecureRandom r = TestRandom.seeded(seedOfSeed);
        byte[] seed = Ed25519.generateSeed(r);
        byte[] pub = Ed25519.publicFromSeed(seed);
        assertThat(JdkEd25519.publicFromSeed(seed)).isEqualTo(pub);
        byte[] sig = Ed25519.sign(seed, message);
        assertThat(JdkEd25519.sign(seed, message)).isEqualTo(sig);
        assertThat(JdkEd25519.verify(pub, message, sig)).isTrue();
        assertThat(Ed25519.isValidPublicKey(pub)).isTrue();
        byte[] other = sig.clone();
        other[(int) Math.floorMod(seedOfSeed, 64L)] ^= 4;
        assertThat(Ed25519.verify(pub, message, other)).isEqualTo(JdkEd25519.verify(pub, message, other)).isFalse();
    }
}
