package dev.parley.crypto.bench;

import dev.parley.crypto.internal.des.JdkTripleDes;
import dev.parley.crypto.internal.des.TripleDesCbc;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.engines.DESedeEngine;
import org.bouncycastle.crypto.modes.CBCBlockCipher;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** The Triple DES CBC engines considered, encrypting 64 KiB (one file chunk). MiB/s = ops/s / 16 unless noted. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TripleDesEngineBenchmark {
    private final byte[] key = new byte[24];
    private final byte[] iv = new byte[8];
    private final byte[] in = new byte[64 * 1024];
    private final byte[] out = new byte[64 * 1024];
    private final byte[] out2 = new byte[64 * 1024];
    private TripleDesCbc fast;
    private TripleDesCbc second;
    private TripleDesCbc jdk;
    private CBCBlockCipher bc;

    @Setup
    public void setUp() {
        new java.util.Random(2).nextBytes(key);
        fast = TripleDesCbc.of(key);
        byte[] key2 = key.clone();
        key2[0] ^= 2;
        second = TripleDesCbc.of(key2);
        jdk = new JdkTripleDes(key);
        bc = (CBCBlockCipher) CBCBlockCipher.newInstance(new DESedeEngine());
    }

    @Benchmark
    public byte[] parleyEngine() {
        fast.encrypt(iv, in, 0, in.length, out, 0);
        return out;
    }

    /** Two 64 KiB chunks under two keys, interleaved (as the file cipher does): MiB/s = ops/s / 8. */
    @Benchmark
    public byte[] parleyEngineTwoChunksInterleaved() {
        TripleDesCbc.encryptPair(fast, iv, in, 0, out, 0, second, iv, in, 0, out2, 0, in.length);
        return out2;
    }

    @Benchmark
    public byte[] jdkDesede() {
        jdk.encrypt(iv, in, 0, in.length, out, 0);
        return out;
    }

    @Benchmark
    public byte[] bouncyCastleDesede() {
        bc.init(true, new ParametersWithIV(new KeyParameter(key), iv));
        for (int i = 0; i < in.length; i += 8) bc.processBlock(in, i, out, i);
        return out;
    }
}
