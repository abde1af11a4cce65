package io.aetherfs.bench.http;

import io.aetherfs.bench.Payload;
import io.aetherfs.bench.TreeShape;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The end-to-end HTTP benchmark's driver. It talks to an {@code afs-server} that {@code bench/run-http-bench}
 * started as a separate process (embedded default stores in a scratch data directory), or to the nodes of a
 * scale-out cluster that {@code bench/run-cluster-bench} started, and to nginx for the baselines, and writes
 * what it measured as JSON ({@link Results}).
 *
 * <p>Usage: {@code HttpBench PHASE --out FILE [options]}, phases:
 * <ul>
 *   <li>{@code latency --url URL}: builds a session of each size through {@code POST S/batch}, then times
 *       {@code POST S/fork} and {@code POST S/checkpoints} (each after 10 raw PUTs that leave 10 pending
 *       changes) and, on the largest tree, {@code POST S/commit} of 10 changed files; also the round trip of
 *       a trivial {@code GET S}. Client wall time plus the server's own histogram.
 *   <li>{@code write --url URL --server-pid PID}: wrk, 32 connections, raw {@code PUT S/files} creating
 *       distinct 4 KiB files, into one session and into four ({@code --sessions 1,4}; {@code own} in that
 *       list adds a run where each wrk thread writes a session of its own).
 *   <li>{@code read --url URL --server-pid PID}: wrk, 32 connections, {@code GET S/files} of 1,000 4 KiB files.
 *   <li>Against a cluster, {@code write} and {@code read} take {@code --url URL,URL,...}, {@code --server-pid
 *       PID,PID,...}, {@code --store-pids PID,...} and {@code --token-file FILE} ({@link Target}): sessions are
 *       created and filled through the first node, and wrk's threads are spread over all of them ({@link Wrk}).
 *   <li>{@code nginx --nginx-url URL --nginx-root DIR --nginx-pid PID}: the same reads against nginx serving
 *       the same files from disk, and the same writes as WebDAV PUTs (no fsync).
 *   <li>{@code free-port}: prints a free loopback TCP port.
 * </ul>
 * Options (defaults): {@code --sizes 100,10000,100000 --samples 200 --warmup 30} (latency), {@code --sessions 1,4}
 * (write), {@code --duration 20 --warmup-seconds 5 --connections 32 --wrk-threads 2} (wrk runs); a failed
 * request fails the phase unless {@code --allow-errors true}, which records the failures by status instead.
 */
public final class HttpBench {
    static final int FILE_BYTES = 4096;
    static final int READ_FILES = 1000;
    private static final int BATCH = 1000;

    private final Map<String, String> opts;
    private final Results results = new Results();

    private HttpBench(Map<String, String> opts) {
        this.opts = opts;
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            throw new IllegalArgumentException(
                    "usage: HttpBench latency|write|read|nginx|free-port [--option value]...");
        }
        String phase = args[0];
        Map<String, String> opts = new HashMap<>();
        for (int i = 1; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --option value, got " + args[i]);
            }
            opts.put(args[i].substring(2), args[i + 1]);
        }
        if (phase.equals("free-port")) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                System.out.println(s.getLocalPort());
            }
            return;
        }
        HttpBench b = new HttpBench(opts);
        switch (phase) {
            case "latency" -> b.latency();
            case "write" -> b.write();
            case "read" -> b.read();
            case "nginx" -> b.nginx();
            default -> throw new IllegalArgumentException("unknown phase " + phase);
        }
        Path out = Path.of(b.required("out"));
        b.results.write(out);
        System.out.println("# wrote " + out);
    }

    // ---------------------------------------------------------------- latency

    private void latency() {
        ApiClient api = Target.of(opts).api();
        int samples = integer("samples", 200);
        int warmup = integer("warmup", 30);
        int[] sizes = Arrays.stream(
                        opts.getOrDefault("sizes", "100,10000,100000").split(","))
                .mapToInt(Integer::parseInt)
                .toArray();

        ServerMetrics before;
        String largest = null;
        for (int files : sizes) {
            String s = build(api, files);
            largest = s;
            TreeShape shape = new TreeShape(files);
            int[] round = {0};
            List<Long> puts = new ArrayList<>();
            Runnable changes = () -> tenChanges(api, s, shape, round[0]++, puts);
            for (int i = 0; i < warmup; i++) {
                changes.run();
                api.fork(s);
                changes.run();
                api.checkpoint(s, "warm-" + i);
            }
            long[] fork = new long[samples];
            long[] checkpoint = new long[samples];
            puts.clear();
            before = ServerMetrics.scrape(api);
            for (int i = 0; i < samples; i++) {
                changes.run();
                long t0 = System.nanoTime();
                api.fork(s);
                fork[i] = System.nanoTime() - t0;
                changes.run();
                t0 = System.nanoTime();
                api.checkpoint(s, "c-" + i);
                checkpoint[i] = System.nanoTime() - t0;
            }
            ServerMetrics after = ServerMetrics.scrape(api);
            record("fork", files, fork, ServerMetrics.between(before, after, "POST", "/fork"));
            record("checkpoint", files, checkpoint, ServerMetrics.between(before, after, "POST", "/checkpoints"));
            record(
                    "PUT 4 KiB, one caller",
                    files,
                    puts.stream().mapToLong(Long::longValue).toArray(),
                    ServerMetrics.between(before, after, "PUT", "/files"));
        }

        // Commit of 10 changed files on the largest tree; its first commit (of every file) is untimed.
        int files = sizes[sizes.length - 1];
        String s = largest;
        TreeShape shape = new TreeShape(files);
        long t0 = System.nanoTime();
        api.commit(s, "import");
        results.notes()
                .put("first commit " + files, String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - t0) / 1e9));
        int[] round = {1_000_000};
        for (int i = 0; i < warmup; i++) {
            tenChanges(api, s, shape, round[0]++, new ArrayList<>());
            api.commit(s, "warm");
        }
        long[] commit = new long[samples];
        before = ServerMetrics.scrape(api);
        for (int i = 0; i < samples; i++) {
            tenChanges(api, s, shape, round[0]++, new ArrayList<>());
            t0 = System.nanoTime();
            api.commit(s, "ten changes");
            commit[i] = System.nanoTime() - t0;
        }
        record(
                "commit of 10 changes",
                files,
                commit,
                ServerMetrics.between(before, ServerMetrics.scrape(api), "POST", "/commit"));

        // The floor, on the same connection and warm server: a trivial authenticated JSON request.
        time(api, warmup, () -> api.getSession(s));
        before = ServerMetrics.scrape(api);
        long[] rtt = time(api, samples, () -> api.getSession(s));
        record("GET S (trivial)", 0, rtt, ServerMetrics.between(before, ServerMetrics.scrape(api), "GET", "}"));
    }

    /** Creates a session holding a {@link TreeShape} of {@code files} files, written in batches, then folded. */
    private String build(ApiClient api, int files) {
        String s = api.createSession("tree-" + files);
        long t0 = System.nanoTime();
        List<String> paths = new ArrayList<>(BATCH);
        List<byte[]> contents = new ArrayList<>(BATCH);
        for (int i = 0; i < files; i++) {
            paths.add(TreeShape.path(i));
            contents.add(TreeShape.content(i, 0));
            if (paths.size() == BATCH || i == files - 1) {
                api.batchWrite(s, paths, contents);
                paths.clear();
                contents.clear();
            }
        }
        double batchSeconds = (System.nanoTime() - t0) / 1e9;
        long t1 = System.nanoTime();
        api.checkpoint(s, "built");
        double foldSeconds = (System.nanoTime() - t1) / 1e9;
        String note = String.format(
                Locale.ROOT,
                "%,d files through POST S/batch in %.1f s (%,.0f files/s), first checkpoint %.2f s",
                files,
                batchSeconds,
                files / batchSeconds,
                foldSeconds);
        results.notes().put("build " + files, note);
        System.out.println("# built " + note);
        return s;
    }

    /**
     * Rewrites 10 files in 10 directories with raw PUTs: 10 pending changes (not part of the timed
     * operation); adds each PUT's wall time to {@code times}.
     */
    private static void tenChanges(ApiClient api, String session, TreeShape shape, int round, List<Long> times) {
        for (int k = 0; k < TreeShape.CHANGES_PER_ROUND; k++) {
            int i = shape.changedFile(round, k);
            byte[] content = TreeShape.content(i, round + 1);
            long t0 = System.nanoTime();
            api.put(session, TreeShape.path(i), content);
            times.add(System.nanoTime() - t0);
        }
    }

    private static long[] time(ApiClient api, int n, Supplier<?> call) {
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            call.get();
            t[i] = System.nanoTime() - t0;
        }
        return t;
    }

    private void record(String op, int files, long[] nanos, ServerTime server) {
        Latency l = Latency.of(op, files, nanos, server);
        results.latency().add(l);
        System.out.printf(
                Locale.ROOT,
                "%-22s %,8d files: p50 %7.2f ms  p90 %7.2f  p99 %7.2f  max %7.1f  (n=%d)   server: mean %6.2f ms,"
                        + " p50 ~%.2f, p99 ~%.1f (n=%d)%n",
                op,
                files,
                l.p50(),
                l.p90(),
                l.p99(),
                l.max(),
                l.samples(),
                server.meanMs(),
                server.p50Ms(),
                server.p99Ms(),
                server.count());
    }

    // ---------------------------------------------------------------- throughput

    private void write() {
        Target target = target();
        ApiClient api = target.api();
        Wrk wrk = wrk(target);
        for (String n : opts.getOrDefault("sessions", "1,4").split(",")) {
            // "own": one session per wrk thread, which writes only that one (against a cluster, each node then
            // writes sessions no other node writes); otherwise every thread rotates over all the sessions.
            boolean own = n.strip().equals("own");
            int sessions = own ? wrk.threads() : Integer.parseInt(n.strip());
            String name = own ? "write-own" : "write-" + sessions;
            List<String> prefixes = new ArrayList<>();
            for (int i = 0; i < sessions; i++) {
                prefixes.add("/v1/sessions/" + api.createSession(name + "-" + i) + "/files?path=");
            }
            String args = String.join(",", prefixes);
            load(
                    name,
                    "PUT S/files?path=…&createParents=true, a new 4 KiB file each time, "
                            + (own
                                    ? "one session per wrk thread (and node)"
                                    : sessions + (sessions == 1 ? " session" : " sessions")),
                    sessions,
                    wrk,
                    target,
                    run -> List.of(
                            own ? "write-own" : "write",
                            args,
                            "&createParents=true",
                            target.authorization(),
                            run,
                            "0",
                            "" + FILE_BYTES),
                    "PUT",
                    "/files");
        }
    }

    private void read() {
        Target target = target();
        ApiClient api = target.api();
        String s = api.createSession("reads");
        List<String> paths = new ArrayList<>();
        List<byte[]> contents = new ArrayList<>();
        for (int i = 0; i < READ_FILES; i++) {
            paths.add(readPath(i));
            contents.add(Payload.bytes(i, FILE_BYTES));
        }
        api.batchWrite(s, paths, contents);
        api.checkpoint(s, "reads");
        String prefix = "/v1/sessions/" + s + "/files?path=";
        load(
                "read",
                "GET S/files?path=… of a random one of 1,000 4 KiB files, 1 session",
                1,
                wrk(target),
                target,
                run -> List.of("read", prefix, "-", target.authorization(), run, "" + READ_FILES, "0"),
                "GET",
                "/files");
    }

    private void nginx() throws IOException {
        String url = required("nginx-url");
        Path root = Path.of(required("nginx-root"));
        long pid = Long.parseLong(required("nginx-pid"));
        for (int i = 0; i < READ_FILES; i++) {
            Path p = root.resolve("read").resolve(readPath(i));
            Files.createDirectories(p.getParent());
            Files.write(p, Payload.bytes(i, FILE_BYTES));
        }
        Files.createDirectories(root.resolve("dav"));
        Wrk wrk = wrk();
        loadNginx(
                "nginx-read",
                "GET of a random one of the same 1,000 4 KiB files (static files, page cache)",
                wrk,
                url,
                pid,
                run -> List.of("read", "/read/", "-", "-", run, "" + READ_FILES, "0"));
        loadNginx(
                "nginx-put",
                "WebDAV PUT creating a new 4 KiB file each time (temp file + rename, no fsync)",
                wrk,
                url,
                pid,
                run -> List.of("write", "/dav/", "-", "-", run, "0", "" + FILE_BYTES));
    }

    private static String readPath(int i) {
        return String.format("data/d%02d/r%04d.bin", i / 50, i);
    }

    private Wrk wrk() {
        return wrk(null);
    }

    /**
     * Returns the wrk runner, spread over the target's nodes when there are several, counting the answers
     * outside 2xx by status when failed requests are recorded rather than fatal ({@code --allow-errors}).
     */
    private Wrk wrk(Target target) {
        Path dir = Path.of(required("out")).toAbsolutePath().getParent();
        Wrk wrk = new Wrk(
                dir,
                integer("wrk-threads", 2),
                integer("connections", 32),
                target == null ? List.of() : target.addresses());
        return Boolean.parseBoolean(opts.getOrDefault("allow-errors", "false")) ? wrk.countingStatuses() : wrk;
    }

    private Target target() {
        required("server-pid");
        return Target.of(opts);
    }

    /** Warms up, then measures one wrk run against AetherFS, with the server's CPU and histogram. */
    private void load(
            String name,
            String description,
            int sessions,
            Wrk wrk,
            Target target,
            java.util.function.Function<String, List<String>> args,
            String method,
            String route) {
        String url = target.api().base();
        System.out.println("# " + name + ": warmup " + integer("warmup-seconds", 5) + " s");
        wrk.run(url, integer("warmup-seconds", 5), args.apply(name + "w"));
        ServerMetrics before = target.metrics();
        ProcCpu.Sample a = target.cpu();
        Wrk.Run r = wrk.run(url, integer("duration", 20), args.apply(name + "m"));
        ProcCpu.Sample b = target.cpu();
        ServerTime server = ServerMetrics.between(before, target.metrics(), method, route);
        add(new Throughput(
                name,
                "aetherfs",
                description,
                sessions,
                wrk.connections(),
                r.seconds(),
                r.requests(),
                r.requests() / r.seconds(),
                r.errors(),
                r.latP50Ms(),
                r.latP99Ms(),
                server,
                ProcCpu.between(a, b, r.cpuSeconds(), true),
                r.statuses()));
    }

    private void loadNginx(
            String name,
            String description,
            Wrk wrk,
            String url,
            long pid,
            java.util.function.Function<String, List<String>> args) {
        System.out.println("# " + name + ": warmup " + integer("warmup-seconds", 5) + " s");
        wrk.run(url, integer("warmup-seconds", 5), args.apply(name + "w"));
        ProcCpu.Sample a = ProcCpu.sample(pid);
        Wrk.Run r = wrk.run(url, integer("duration", 20), args.apply(name + "m"));
        ProcCpu.Sample b = ProcCpu.sample(pid);
        add(new Throughput(
                name,
                "nginx",
                description,
                0,
                wrk.connections(),
                r.seconds(),
                r.requests(),
                r.requests() / r.seconds(),
                r.errors(),
                r.latP50Ms(),
                r.latP99Ms(),
                ServerTime.NONE,
                ProcCpu.between(a, b, r.cpuSeconds(), true),
                r.statuses()));
    }

    private void add(Throughput t) {
        results.throughput().add(t);
        System.out.printf(
                Locale.ROOT,
                "%-12s %,9.0f ops/s  (%,d requests in %.1f s, %d errors; latency p50 %.2f ms p99 %.1f ms)"
                        + "  cpu: server %.2f%s, wrk %.2f, machine %.2f of %d cores%s%n",
                t.name(),
                t.opsPerSec(),
                t.requests(),
                t.seconds(),
                t.errors(),
                t.latP50Ms(),
                t.latP99Ms(),
                t.cpu().server(),
                Double.isFinite(t.cpu().stores())
                        ? String.format(Locale.ROOT, ", stores %.2f", t.cpu().stores())
                        : "",
                t.cpu().client(),
                t.cpu().machineBusy(),
                t.cpu().cores(),
                t.server().count() > 0
                        ? String.format(
                                Locale.ROOT,
                                "; server-side mean %.2f ms, p50 ~%.2f, p99 ~%.1f",
                                t.server().meanMs(),
                                t.server().p50Ms(),
                                t.server().p99Ms())
                        : "");
        if (t.errors() > 0) {
            String detail = t.name() + ": " + t.errors() + " failed requests"
                    + (t.statuses().isEmpty() ? "" : ", answers outside 2xx by status " + t.statuses());
            if (!Boolean.parseBoolean(opts.getOrDefault("allow-errors", "false"))) {
                throw new IllegalStateException(detail);
            }
            System.out.println("# " + detail + " (recorded: --allow-errors)");
        }
    }

    private String required(String key) {
        String v = opts.get(key);
        if (v == null) {
            throw new IllegalArgumentException("missing --" + key);
        }
        return v;
    }

    private int integer(String key, int dflt) {
        return Integer.parseInt(opts.getOrDefault(key, Integer.toString(dflt)));
    }
}
