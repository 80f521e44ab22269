package dev.parley.crypto.bench;

import dev.parley.crypto.internal.CipherKeys;
import dev.parley.crypto.internal.Ed25519;
import dev.parley.crypto.internal.JdkEd25519;
import dev.parley.crypto.internal.X25519;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.math.ec.rfc7748.X25519Field;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Per-operation costs behind the message figures: X25519 and Ed25519 from the JDK and from BouncyCastle, and HKDF. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PrimitiveBenchmark {
    private final byte[] priv = new byte[32];
    private byte[] peer;
    private final byte[] seed = new byte[32];
    private byte[] publicKey;
    private final byte[] message = new byte[100];
    private byte[] signature;

    @Setup
    public void setUp() {
        SecureRandom r = new SecureRandom();
        r.nextBytes(priv);
        r.nextBytes(seed);
        byte[] other = new byte[32];
        r.nextBytes(other);
        peer = X25519.publicFromPrivate(other);
        publicKey = Ed25519.publicFromSeed(seed);
        signature = Ed25519.sign(seed, message);
        X25519Field.create();
    }

    @Benchmark
    public byte[] jdkX25519Agreement() throws Exception {
        return X25519.agree(priv, peer);
    }

    @Benchmark
    public byte[] bouncyCastleX25519Agreement() {
        byte[] out = new byte[32];
        org.bouncycastle.math.ec.rfc7748.X25519.calculateAgreement(priv, 0, peer, 0, out, 0);
        return out;
    }

    @Benchmark
    public byte[] jdkEd25519Sign() {
        return JdkEd25519.sign(seed, message);
    }

    @Benchmark
    public boolean jdkEd25519Verify() {
        return JdkEd25519.verify(publicKey, message, signature);
    }

    /** The module's Ed25519 (BouncyCastle). */
    @Benchmark
    public byte[] bouncyCastleEd25519Sign() {
        return Ed25519.sign(seed, message);
    }

    @Benchmark
    public boolean bouncyCastleEd25519Verify() {
        return Ed25519.verify(publicKey, message, signature);
    }

    @Benchmark
    public CipherKeys hkdfMessageKeys() {
        return CipherKeys.derive(seed, message);
    }
}
