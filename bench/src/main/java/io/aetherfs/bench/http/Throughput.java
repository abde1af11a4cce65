package io.aetherfs.bench.http;

/**
 * One load-generator run: what was driven ({@code target} is "aetherfs" or "nginx"), how, and what came
 * out. {@code cpu} is in cores (1.0 = one CPU busy for the whole run).
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
        Cpu cpu) {

    /**
     * Where the CPU went during the run: the server under test (AetherFS or nginx, all its processes),
     * the load generator, and the whole machine (busy = not idle and not waiting for I/O).
     */
    record Cpu(double server, double client, double machineBusy, int cores) {
        static final Cpu NONE = new Cpu(Double.NaN, Double.NaN, Double.NaN, 0);
    }
}
