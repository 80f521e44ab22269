package dev.parley.crypto.bench;

import dev.parley.crypto.file.EncryptedFileInfo;
import dev.parley.crypto.file.FileDecryptor;
import dev.parley.crypto.file.FileEncryptor;
import dev.parley.crypto.file.FileKey;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** The streaming file cipher on an 8 MiB file, sealing/opening chunks on 1 or 2 threads. MiB/s = ops/s x 8. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FileCipherBenchmark {
    static final int SIZE = 8 << 20;

    @Param({"1", "2"})
    public int threads;

    private final byte[] plaintext = new byte[SIZE];
    private final FileKey key = FileKey.generate();
    private byte[] ciphertext;
    private EncryptedFileInfo info;
    private ExecutorService pool;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        new java.util.Random(1).nextBytes(plaintext);
        pool = Executors.newFixedThreadPool(threads);
        ByteArrayOutputStream out = new ByteArrayOutputStream(SIZE + SIZE / 512);
        info = new FileEncryptor(key).encrypt(new ByteArrayInputStream(plaintext), out);
        ciphertext = out.toByteArray();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pool.shutdownNow();
    }

    @Benchmark
    public EncryptedFileInfo encrypt8MiB() throws Exception {
        return new FileEncryptor(key).encrypt(new ByteArrayInputStream(plaintext), OutputStream.nullOutputStream(), pool, threads);
    }

    @Benchmark
    public long decrypt8MiB() throws Exception {
        return new FileDecryptor(key).decrypt(new ByteArrayInputStream(ciphertext), OutputStream.nullOutputStream(), info, pool, threads);
    }
}
