package dev.parley.crypto.bench;

import dev.parley.crypto.session.SessionCipher;
import dev.parley.crypto.testing.Party;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * 100-byte messages through the full pairwise stack (in-memory stores, record load/store per call,
 * X3DH session already set up): one op = one message encrypted by the sender and decrypted by the
 * receiver. {@code oneWay}: a stream in one direction (symmetric ratchet only). {@code pingPong}:
 * directions alternate, so every message carries a new ratchet key and costs a DH ratchet step.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RatchetBenchmark {
    private final byte[] message = new byte[100];
    private SessionCipher aliceToBob;
    private SessionCipher bobFromAlice;
    private SessionCipher bobToAlice;
    private SessionCipher aliceFromBob;
    private boolean aliceTurn;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Party alice = new Party("alice", 1);
        Party bob = new Party("bob", 2);
        alice.startSessionWith(bob);
        bob.decryptFrom(alice, alice.encryptTo(bob, "hello"));
        alice.decryptFrom(bob, bob.encryptTo(alice, "hi"));
        aliceToBob = alice.cipherFor(bob);
        aliceFromBob = alice.cipherFor(bob);
        bobToAlice = bob.cipherFor(alice);
        bobFromAlice = bob.cipherFor(alice);
    }

    @Benchmark
    public byte[] oneWay() throws Exception {
        return bobFromAlice.decrypt(aliceToBob.encrypt(message));
    }

    @Benchmark
    public byte[] pingPong() throws Exception {
        aliceTurn = !aliceTurn;
        return aliceTurn ? bobFromAlice.decrypt(aliceToBob.encrypt(message)) : aliceFromBob.decrypt(bobToAlice.encrypt(message));
    }
}
