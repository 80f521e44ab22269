package dev.parley.crypto.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.parley.crypto.file.FileEncryptor;
import dev.parley.crypto.file.FileKey;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * File-cipher throughput per CPU-second as well as per wall-second, for a shared machine where other
 * processes take cores away (JMH's wall-clock figures then say more about the neighbours than about
 * the code). {@code openssl speed} also divides by CPU time, so this is the like-for-like figure.
 * Run: {@code java -cp <bench classpath> dev.parley.crypto.bench.FileCipherCpuTime 2}.
 */
public final class FileCipherCpuTime {
    private FileCipherCpuTime() {}

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        byte[] data = new byte[64 << 20];
        new java.util.Random(1).nextBytes(data);
        FileKey key = FileKey.generate();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int warm = 0; warm < 3; warm++) {
                new FileEncryptor(key).encrypt(new ByteArrayInputStream(data, 0, 8 << 20), OutputStream.nullOutputStream(), pool, threads);
            }
            OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            new FileEncryptor(key).encrypt(new ByteArrayInputStream(data), OutputStream.nullOutputStream(), pool, threads);
            double wall = (System.nanoTime() - t0) / 1e9;
            double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
            System.out.printf("threads=%d: 64 MiB encrypted in %.2f s wall (%.1f MiB/s), %.2f s CPU (%.1f MiB per CPU-second)%n",
                    threads, wall, 64 / wall, cpu, 64 / cpu);
        } finally {
            pool.shutdown();
        }
    }
}
