package dev.parley.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** CPU used by the load generator (this process), by the server (when its pid is known) and by the whole machine over an interval. */
final class Cpu {
    private final ServerProcess server;
    private final long wall;
    private final double generator;
    private final double serverCpu;
    private final long[] machine;
    private final double[] serverSplit;
    private final double[] generatorSplit;

    private Cpu(ServerProcess server) {
        this.server = server;
        this.wall = System.nanoTime();
        this.generator = ServerProcess.selfCpuSeconds();
        this.serverCpu = server == null ? Double.NaN : server.cpuSeconds();
        this.machine = ServerProcess.machineJiffies();
        this.serverSplit = server == null ? new double[]{Double.NaN, Double.NaN} : ServerProcess.userSystemSeconds(server.pid());
        this.generatorSplit = ServerProcess.userSystemSeconds(ProcessHandle.current().pid());
    }

    static Cpu mark(ServerProcess server) {
        return new Cpu(server);
    }

    /** Generator and server CPU seconds since this mark, and the machine's busy share (all cores = 100%). */
    Map<String, Object> since() {
        Cpu now = new Cpu(server);
        Map<String, Object> m = new LinkedHashMap<>();
        double seconds = (now.wall - wall) / 1e9;
        m.put("wall_s", round3(seconds));
        m.put("generator_cpu_s", round3(now.generator - generator));
        m.put("server_cpu_s", server == null ? null : round3(now.serverCpu - serverCpu));
        m.put("server_user_s", server == null ? null : round3(now.serverSplit[0] - serverSplit[0]));
        m.put("server_sys_s", server == null ? null : round3(now.serverSplit[1] - serverSplit[1]));
        m.put("generator_user_s", round3(now.generatorSplit[0] - generatorSplit[0]));
        m.put("generator_sys_s", round3(now.generatorSplit[1] - generatorSplit[1]));
        long busy = now.machine[0] - machine[0];
        long total = now.machine[1] - machine[1];
        m.put("machine_busy_pct", total > 0 ? Math.round(1000.0 * busy / total) / 10.0 : null);
        // what the rest of the machine (other processes) used meanwhile: noise in a shared-machine benchmark
        double ours = (now.generator - generator) + (server == null ? 0 : now.serverCpu - serverCpu);
        int cores = Runtime.getRuntime().availableProcessors();
        if (total > 0 && !Double.isNaN(ours) && seconds > 0) {
            m.put("others_busy_pct", Math.round(Math.max(0, 1000.0 * busy / total - 1000.0 * ours / (cores * seconds))) / 10.0);
        }
        return m;
    }

    static double round3(double v) {
        return Double.isNaN(v) ? Double.NaN : Math.round(v * 1000) / 1000.0;
    }
}
