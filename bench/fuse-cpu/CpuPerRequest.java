import io.aetherfs.fuse.FuseSession;
import io.aetherfs.fuse.MountOptions;
import io.aetherfs.fuse.passthrough.PassthroughFs;
import io.aetherfs.fuse.passthrough.PassthroughOptions;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CPU per FUSE request of the Java passthrough, measured inside its own JVM (run by bench/run-fuse-cpu): mounts
 * SOURCE at MNT, runs two untimed warm-up iterations, then ITERATIONS of untar / grep -r / find / rm -rf, and
 * prints for each phase the requests the session received, the process's CPU time per request (user and
 * system from /proc/self/stat), the worker threads' CPU, and the bytes the workers allocated per request.
 * CPU time of the process, unlike wall time, hardly depends on what else the machine runs.
 *
 * <p>Arguments: SOURCE MNT TARBALL ITERATIONS [OPTIONS], OPTIONS as bin/fuse-passthrough's -o (passthrough
 * options, workers=N, anything else to libfuse).
 */
public class CpuPerRequest {

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final String[] PHASES = {"untar", "grep", "find", "rm"};

    private record Snap(long requests, long cpuNanos, long workerNanos, long workerBytes, long userTicks, long sysTicks) {}

    public static void main(String[] args) throws Exception {
        Path source = Path.of(args[0]), mnt = Path.of(args[1]);
        String tarball = args[2];
        int iterations = Integer.parseInt(args[3]);
        PassthroughOptions pt = PassthroughOptions.defaults();
        MountOptions mount = MountOptions.defaults().with("subtype=passthrough");
        if (args.length > 4) {
            for (String o : args[4].split(",")) {
                PassthroughOptions next = o.isBlank() ? pt : pt.with(o);
                if (next != null) {
                    pt = next;
                } else if (o.startsWith("workers=")) {
                    mount = mount.workers(Integer.parseInt(o.substring(8)));
                } else {
                    mount = mount.with(o);
                }
            }
        }
        PassthroughFs fs = new PassthroughFs(source, pt);
        FuseSession session = FuseSession.mount(fs, mnt, mount);
        fs.attach(session);
        System.out.println("mounted " + mount.options() + ", " + mount.workers() + " workers: " + session.connection());
        List<long[]> totals = new ArrayList<>();
        try {
            for (int it = -2; it < iterations; it++) {
                Path dir = Files.createDirectories(mnt.resolve("w" + (it + 2)));
                long[] sum = new long[6];
                StringBuilder line = new StringBuilder(it < 0 ? "warm-up" : "run    ");
                for (String phase : PHASES) {
                    Snap a = snap(session);
                    switch (phase) {
                        case "untar" -> run("tar", "-xf", tarball, "-C", dir.toString());
                        case "grep" -> run("grep", "-r", "-l", "include", dir.toString());
                        case "find" -> run("find", dir.toString(), "-printf", "%s %m %p\\n");
                        default -> run("rm", "-rf", dir.toString());
                    }
                    Snap b = snap(session);
                    long req = Math.max(1, b.requests - a.requests);
                    line.append(String.format(
                            " | %s %,d req %.1f us %d B",
                            phase, req, (b.cpuNanos - a.cpuNanos) / 1e3 / req, (b.workerBytes - a.workerBytes) / req));
                    sum[0] += req;
                    sum[1] += b.cpuNanos - a.cpuNanos;
                    sum[2] += b.workerNanos - a.workerNanos;
                    sum[3] += b.workerBytes - a.workerBytes;
                    sum[4] += b.userTicks - a.userTicks;
                    sum[5] += b.sysTicks - a.sysTicks;
                }
                line.append(String.format(
                        " | TOTAL %,d req %.2f us/req (user %.2f sys %.2f; workers %.2f) %d B/req",
                        sum[0], sum[1] / 1e3 / sum[0], sum[4] * 1e4 / sum[0], sum[5] * 1e4 / sum[0],
                        sum[2] / 1e3 / sum[0], sum[3] / sum[0]));
                System.out.println(line);
                if (it >= 0) {
                    totals.add(sum);
                }
            }
        } finally {
            session.close();
        }
        System.out.printf(
                "median: %,.0f requests per iteration, %.2f us CPU per request (user %.2f, system %.2f), "
                        + "%.0f ms CPU per iteration, %.0f B allocated per request; least %.2f us per request%n",
                median(totals, t -> t[0]), median(totals, t -> t[1] / 1e3 / t[0]), median(totals, t -> t[4] * 1e4 / t[0]),
                median(totals, t -> t[5] * 1e4 / t[0]), median(totals, t -> t[1] / 1e6),
                median(totals, t -> (double) t[3] / t[0]),
                totals.stream().mapToDouble(t -> t[1] / 1e3 / t[0]).min().orElse(0));
        System.exit(0);
    }

    private static double median(List<long[]> rows, java.util.function.ToDoubleFunction<long[]> f) {
        double[] v = rows.stream().mapToDouble(f).sorted().toArray();
        return v.length == 0 ? 0 : v[v.length / 2];
    }

    private static Snap snap(FuseSession session) throws Exception {
        long cpu = 0, bytes = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().contains("-worker-")) {
                cpu += Math.max(0, THREADS.getThreadCpuTime(t.threadId()));
                bytes += Math.max(0, THREADS.getThreadAllocatedBytes(t.threadId()));
            }
        }
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new Snap(
                session.stats().requests(), OS.getProcessCpuTime(), cpu, bytes, Long.parseLong(f[11]), Long.parseLong(f[12]));
    }

    private static void run(String... command) throws Exception {
        new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start()
                .waitFor();
    }
}
