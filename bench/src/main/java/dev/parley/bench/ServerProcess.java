package dev.parley.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the load tool can read about the server process on the same machine: its pid (given, or found from the
 * listening port through /proc/net/tcp{,6} and the socket inodes under /proc/PID/fd), its CPU time
 * (/proc/PID/stat utime+stime), its resident memory (/proc/PID/status VmRSS) and, through {@code jcmd}, its
 * live heap and Native Memory Tracking summary. Everything is best effort: a missing figure is reported as
 * missing, never invented.
 */
public final class ServerProcess {
    private static final long CLOCK_TICKS = clockTicks();
    private final long pid;

    private ServerProcess(long pid) {
        this.pid = pid;
    }

    public static ServerProcess of(long pid) {
        return pid > 0 && Files.isDirectory(Path.of("/proc/" + pid)) ? new ServerProcess(pid) : null;
    }

    /** The process listening on this TCP port, or null. */
    public static ServerProcess byPort(int port) {
        String hexPort = String.format("%04X", port);
        java.util.Set<String> inodes = new java.util.HashSet<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length < 10 || !f[1].contains(":")) {
                        continue;
                    }
                    String local = f[1];
                    if (local.substring(local.lastIndexOf(':') + 1).equals(hexPort) && f[3].equals("0A")) {
                        inodes.add(f[9]);
                    }
                }
            } catch (IOException ignored) {
                // no such table
            }
        }
        if (inodes.isEmpty()) {
            return null;
        }
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().chars().allMatch(Character::isDigit))) {
            for (Path proc : procs) {
                try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.resolve("fd"))) {
                    for (Path fd : fds) {
                        try {
                            String target = Files.readSymbolicLink(fd).toString();
                            if (target.startsWith("socket:[") && inodes.contains(target.substring(8, target.length() - 1))) {
                                return new ServerProcess(Long.parseLong(proc.getFileName().toString()));
                            }
                        } catch (IOException ignored) {
                            // fd went away
                        }
                    }
                } catch (IOException | SecurityException ignored) {
                    // not ours to read, or gone
                }
            }
        } catch (IOException ignored) {
            // no /proc
        }
        return null;
    }

    public long pid() {
        return pid;
    }

    /** utime + stime of the server process, in seconds; NaN when unreadable. */
    public double cpuSeconds() {
        double[] split = userSystemSeconds(pid);
        return split[0] + split[1];
    }

    /** {utime, stime} of a process in seconds from /proc/PID/stat; NaNs when unreadable. */
    static double[] userSystemSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields after "pid (comm) ": state(3) ... utime is field 14, stime 15 → indexes 11, 12 here
            return new double[]{Long.parseLong(f[11]) / (double) CLOCK_TICKS, Long.parseLong(f[12]) / (double) CLOCK_TICKS};
        } catch (IOException | RuntimeException e) {
            return new double[]{Double.NaN, Double.NaN};
        }
    }

    /** Resident set size in bytes (VmRSS), or -1. */
    public long rssBytes() {
        return statusField("VmRSS");
    }

    public long threads() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("Threads:")) {
                    return Long.parseLong(line.substring(8).trim());
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // gone
        }
        return -1;
    }

    private long statusField(String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(name + ":")) {
                    String[] f = line.substring(name.length() + 1).trim().split("\\s+");
                    return Long.parseLong(f[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // gone
        }
        return -1;
    }

    public long openFiles() {
        try (var s = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            return s.count();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Runs a full GC in the server ({@code jcmd PID GC.run}); false if jcmd is not usable. */
    public boolean gc() {
        return jcmd("GC.run") != null;
    }

    /** Heap in use right now ({@code jcmd PID GC.heap_info}, the first "used NK"), bytes, or -1. */
    public long heapUsedBytes() {
        String out = jcmd("GC.heap_info");
        if (out == null) {
            return -1;
        }
        Matcher m = Pattern.compile("used (\\d+)K").matcher(out);
        return m.find() ? Long.parseLong(m.group(1)) * 1024 : -1;
    }

    /**
     * Committed bytes per Native Memory Tracking category ({@code jcmd PID VM.native_memory summary}), plus
     * "Total"; empty when the server was not started with -XX:NativeMemoryTracking=summary.
     */
    public Map<String, Long> nativeMemoryCommitted() {
        Map<String, Long> out = new LinkedHashMap<>();
        String text = jcmd("VM.native_memory", "summary");
        if (text == null) {
            return out;
        }
        Matcher total = Pattern.compile("Total: reserved=\\d+KB, committed=(\\d+)KB").matcher(text);
        if (total.find()) {
            out.put("Total", Long.parseLong(total.group(1)) * 1024);
        }
        Matcher m = Pattern.compile("-\\s+([A-Za-z][A-Za-z ]*?) \\(reserved=\\d+KB, committed=(\\d+)KB\\)").matcher(text);
        while (m.find()) {
            out.put(m.group(1).trim(), Long.parseLong(m.group(2)) * 1024);
        }
        return out;
    }

    /**
     * Bytes the C allocator (glibc malloc) holds in use right now, from {@code jcmd PID System.native_heap_info}
     * (malloc_info): arena bytes taken from the system − free chunks + mmapped chunks. This is where native code
     * outside the JVM's own tracking keeps its memory, e.g. BoringSSL's per-connection SSL objects. -1 if unknown.
     */
    public long mallocInUseBytes() {
        String xml = jcmd("System.native_heap_info");
        if (xml == null) {
            return -1;
        }
        // only the top-level totals: the last occurrence of each
        long fast = lastSize(xml, "<total type=\"fast\" count=\"\\d+\" size=\"(\\d+)\"/>");
        long rest = lastSize(xml, "<total type=\"rest\" count=\"\\d+\" size=\"(\\d+)\"/>");
        long mmap = lastSize(xml, "<total type=\"mmap\" count=\"\\d+\" size=\"(\\d+)\"/>");
        long current = lastSize(xml, "<system type=\"current\" size=\"(\\d+)\"/>");
        if (current < 0 || fast < 0 || rest < 0) {
            return -1;
        }
        return current - fast - rest + Math.max(mmap, 0);
    }

    private static long lastSize(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        long v = -1;
        while (m.find()) {
            v = Long.parseLong(m.group(1));
        }
        return v;
    }

    private String jcmd(String... command) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            return null;
        }
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(jcmd.toString());
        cmd.add(Long.toString(pid));
        cmd.addAll(List.of(command));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 && !out.contains("Native memory tracking is not enabled") ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** CPU seconds used so far by this (the load generator's) process. */
    public static double selfCpuSeconds() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime() / 1e9;
        }
        return Double.NaN;
    }

    /** Busy and total jiffies of the whole machine from /proc/stat, for a load figure. */
    public static long[] machineJiffies() {
        try {
            String first = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] f = first.trim().split("\\s+");
            long total = 0;
            long idle = 0;
            for (int i = 1; i < f.length; i++) {
                long v = Long.parseLong(f[i]);
                if (i <= 8) {
                    total += v;
                }
                if (i == 4 || i == 5) {
                    idle += v;
                }
            }
            return new long[]{total - idle, total};
        } catch (IOException | RuntimeException e) {
            return new long[]{0, 0};
        }
    }

    private static long clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor(5, TimeUnit.SECONDS);
            return Long.parseLong(out);
        } catch (IOException | RuntimeException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
