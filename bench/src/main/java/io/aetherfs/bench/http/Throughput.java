package io.aetherfs.bench.http;

import java.util.Map;

/**
 * One load-generator run: what was driven ({@code target} is "aetherfs" or "nginx"), how, and what came
 * out. {@code cpu} is in cores (1.0 = one CPU busy for the whole run); {@code statuses} counts the answers
 * outside 2xx by status when the run counted them (empty otherwise).
 */
record Throughput(
        String name,
        String target,
        String description,
        int sessions,
        int connections,
        double seconds,
        long requests,
        double opsPerSec,
        long errors,
        double latP50Ms,
        double latP99Ms,
        ServerTime server,
        Cpu cpu,
        Map<String, Long> statuses) {

    /**
     * Where the CPU went during the run: the server under test (AetherFS or nginx, all its processes; every
     * node of a scale-out cluster), the load generator, the whole machine (busy = not idle and not waiting
     * for I/O), and the shared stores of a scale-out cluster (PostgreSQL and s3proxy; NaN when embedded).
     */
    record Cpu(double server, double client, double machineBusy, int cores, double stores) {
        static final Cpu NONE = new Cpu(Double.NaN, Double.NaN, Double.NaN, 0, Double.NaN);

        /** Returns the CPU that neither the server, its stores nor wrk used: other processes on the machine. */
        double other() {
            return Math.max(0, machineBusy - server - client - (Double.isFinite(stores) ? stores : 0));
        }
    }
}
