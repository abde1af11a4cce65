package io.aetherfs.bench.http;

import io.aetherfs.bench.JmhResults;
import io.aetherfs.bench.JmhResults.Result;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns the results of {@code bench/run-http-bench} into the Markdown tables of the "HTTP end-to-end"
 * section of {@code docs/BENCHMARKS.md}: each AetherFS number over HTTP beside its baseline from the same
 * run, the ratio, the budget and whether it is met.
 *
 * <p>Usage: {@code HttpReport [--env FILE] [--out FILE] [--update BENCHMARKS.md] [--http RESULT.json]...
 * [--jmh RESULT.json]...}: {@code --http} files come from {@link HttpBench}, {@code --jmh} files from the
 * JMH baselines (git, cp, native fsync'd writes). {@code --update} replaces the text between
 * {@value #BEGIN} and {@value #END}.
 */
public final class HttpReport {
    static final String BEGIN = "<!-- http-results:begin -->";
    static final String END = "<!-- http-results:end -->";
    private static final int[] SIZES = {100, 10_000, 100_000};

    private final Results http;
    private final JmhResults jmh;
    private final StringBuilder md = new StringBuilder();

    private HttpReport(Results http, JmhResults jmh) {
        this.http = http;
        this.jmh = jmh;
    }

    public static void main(String[] args) throws IOException {
        Path env = null;
        Path out = null;
        Path update = null;
        Results http = new Results();
        List<Path> jmhFiles = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--env" -> env = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--update" -> update = Path.of(args[++i]);
                case "--http" -> http.merge(Results.read(Path.of(args[++i])));
                case "--jmh" -> jmhFiles.add(Path.of(args[++i]));
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        HttpReport report = new HttpReport(http, JmhResults.read(jmhFiles));
        String text = report.render(env == null ? "" : Files.readString(env, StandardCharsets.UTF_8));
        if (out != null) {
            Files.writeString(out, text, StandardCharsets.UTF_8);
        } else {
            System.out.print(text);
        }
        if (update != null) {
            replaceSection(update, BEGIN, END, text);
        }
    }

    /** Replaces the text between the lines {@code begin} and {@code end} of {@code file} with {@code text}. */
    public static void replaceSection(Path file, String begin, String end, String text) throws IOException {
        String doc = Files.readString(file, StandardCharsets.UTF_8);
        int b = doc.indexOf(begin);
        int e = doc.indexOf(end);
        if (b < 0 || e < b) {
            throw new IllegalStateException(file + " lacks the markers " + begin + " … " + end);
        }
        Files.writeString(
                file, doc.substring(0, b + begin.length()) + "\n" + text + doc.substring(e), StandardCharsets.UTF_8);
    }

    private String render(String env) {
        md.append(env.isBlank() ? "" : env.strip() + "\n\n");
        latencyTable();
        flatness();
        throughputTable();
        notes();
        return md.toString();
    }

    // ---------------------------------------------------------------- latency

    private void latencyTable() {
        md.append("#### Latency over HTTP (ms; client wall time of one request on a keep-alive connection;"
                + " server-side = the server's `afs_request_duration_seconds` histogram for the same requests)\n\n");
        md.append("| operation | files | p50 | p90 | p99 | server-side mean / p50 | baseline p50 (AetherFS speed-up)"
                + " | budget | status |\n");
        md.append("| --- | ---: | ---: | ---: | ---: | ---: | --- | --- | --- |\n");
        for (int n : SIZES) {
            latency(
                    "fork",
                    n,
                    "p50 < 10 ms over HTTP, flat",
                    false,
                    List.of(
                            baseline("git worktree add", "ForkBaselineBench.gitWorktreeAdd", n),
                            baseline("cp -r", "ForkBaselineBench.copyTree", n)));
        }
        for (int n : SIZES) {
            latency(
                    "checkpoint",
                    n,
                    "p50 < 10 ms over HTTP, flat",
                    false,
                    List.of(baseline("git add -A + commit", "CheckpointBaselineBench.gitCommit", n)));
        }
        latency(
                "commit of 10 changes",
                100_000,
                "< 20 ms server-side",
                true,
                List.of(baseline("git add -A + commit", "CheckpointBaselineBench.gitCommit", 100_000)));
    }

    private void flatness() {
        List<String> flat = new ArrayList<>();
        for (String op : List.of("fork", "checkpoint")) {
            Optional<Latency> small = find(op, 100);
            Optional<Latency> mid = find(op, 10_000);
            Optional<Latency> big = find(op, 100_000);
            if (small.isPresent() && mid.isPresent() && big.isPresent()) {
                flat.add(String.format(
                        Locale.ROOT,
                        "%s 100k÷10k %.2f×, 100k÷100 %.2f×",
                        op,
                        big.get().p50() / mid.get().p50(),
                        big.get().p50() / small.get().p50()));
            }
        }
        md.append("\nFlatness (client p50 at 100,000 files ÷ p50 at 10,000, and ÷ p50 at 100): ")
                .append(flat.isEmpty() ? "n/a" : String.join("; ", flat))
                .append(".\n\n");
        find("GET S (trivial)", 0)
                .ifPresent(t -> md.append(String.format(
                        Locale.ROOT,
                        "HTTP floor: a trivial authenticated `GET S` (session record as JSON) on the same connection"
                                + " takes p50 %s, p99 %s (server-side mean %s).%n%n",
                        ms(t.p50()),
                        ms(t.p99()),
                        ms(t.server().meanMs()))));
    }

    private record Baseline(String label, Optional<Result> result) {}

    private Baseline baseline(String label, String bench, int files) {
        return new Baseline(label, files == 0 ? jmh.find(bench) : jmh.find(bench, "files", Integer.toString(files)));
    }

    private Optional<Latency> find(String op, int files) {
        return http.latency().stream()
                .filter(l -> l.op().equals(op) && l.files() == files)
                .findFirst();
    }

    private void latency(String op, int files, String budget, boolean serverSide, List<Baseline> bases) {
        Optional<Latency> l = find(op, files);
        List<String> cells = new ArrayList<>();
        for (Baseline b : bases) {
            cells.add(b.result()
                    .map(x -> b.label() + " " + ms(x.p50()) + (x.samples() < 10 ? " [n=" + x.samples() + "]" : "")
                            + l.map(a -> " (" + speedup(x.p50() / a.p50()) + ")")
                                    .orElse(""))
                    .orElse(b.label() + " n/a"));
        }
        String status = l.map(a -> {
                    double v = serverSide ? a.server().p50Ms() : a.p50();
                    double limit = serverSide ? 20 : 10;
                    return Double.isNaN(v) ? "n/a" : v < limit ? "met" : "**not met**";
                })
                .orElse("n/a");
        md.append(String.format(
                Locale.ROOT,
                "| %s | %,d | %s | %s | %s | %s | %s | %s | %s |%n",
                op,
                files,
                l.map(a -> ms(a.p50())).orElse("n/a"),
                l.map(a -> ms(a.p90())).orElse("n/a"),
                l.map(a -> ms(a.p99())).orElse("n/a"),
                l.map(a -> ms(a.server().meanMs()) + " / ~" + ms(a.server().p50Ms()))
                        .orElse("n/a"),
                String.join("; ", cells),
                budget,
                status));
    }

    // ---------------------------------------------------------------- throughput

    private void throughputTable() {
        md.append(
                "#### Throughput over HTTP (4 KiB whole files, 32 connections, wrk; ops/s over the measured run)\n\n");
        md.append("| operation | AetherFS | latency p50 / p99 | CPU (cores): server / wrk / other processes | baseline"
                + " (AetherFS ÷ baseline) | budget | status |\n");
        md.append("| --- | ---: | --- | --- | --- | --- | --- |\n");
        Optional<Result> nativeWrite = jmh.find("NativeDiskBench.writeFsyncRename");
        Optional<Throughput> davPut = run("nginx-put");
        for (String name : List.of("write-1", "write-4")) {
            run(name).ifPresent(t -> {
                List<String> cells = new ArrayList<>();
                nativeWrite.ifPresent(n -> cells.add(String.format(
                        Locale.ROOT,
                        "native write + fsync + rename, 32 threads: %,.0f (%.0f%%)",
                        n.score(),
                        100 * t.opsPerSec() / n.score())));
                davPut.ifPresent(d -> cells.add(String.format(
                        Locale.ROOT,
                        "nginx WebDAV PUT, no fsync: %,.0f (%.0f%%)",
                        d.opsPerSec(),
                        100 * t.opsPerSec() / d.opsPerSec())));
                row(
                        "write, " + t.sessions() + (t.sessions() == 1 ? " session" : " sessions"),
                        t,
                        cells,
                        5_000,
                        "≥ 5,000/s");
            });
        }
        run("read").ifPresent(t -> {
            List<String> cells = new ArrayList<>();
            run("nginx-read")
                    .ifPresent(n -> cells.add(String.format(
                            Locale.ROOT,
                            "nginx static GET: %,.0f (%.0f%%)",
                            n.opsPerSec(),
                            100 * t.opsPerSec() / n.opsPerSec())));
            row("read, 1 session", t, cells, 15_000, "≥ 15,000/s");
        });
        md.append("\nBaselines' own numbers (same wrk settings): ");
        List<String> base = new ArrayList<>();
        for (String name : List.of("nginx-read", "nginx-put")) {
            run(name)
                    .ifPresent(n -> base.add(String.format(
                            Locale.ROOT,
                            "%s %,.0f/s, latency p50 %s p99 %s, CPU (cores) nginx %.2f / wrk %.2f / other %.2f",
                            name,
                            n.opsPerSec(),
                            ms(n.latP50Ms()),
                            ms(n.latP99Ms()),
                            n.cpu().server(),
                            n.cpu().client(),
                            n.cpu().other())));
        }
        nativeWrite.ifPresent(n -> base.add(String.format(
                Locale.ROOT,
                "native write + fsync + rename (JMH, 32 threads) %,.0f/s (iterations %,.0f–%,.0f)",
                n.score(),
                n.min(),
                n.max())));
        md.append(base.isEmpty() ? "n/a" : String.join("; ", base)).append(".\n\n");
    }

    private Optional<Throughput> run(String name) {
        return http.throughput().stream().filter(t -> t.name().equals(name)).findFirst();
    }

    private void row(String op, Throughput t, List<String> baselines, double budgetOps, String budget) {
        md.append(String.format(
                Locale.ROOT,
                "| %s | %,.0f | %s / %s (server-side mean %s) | %.2f / %.2f / %.2f | %s | %s | %s |%n",
                op,
                t.opsPerSec(),
                ms(t.latP50Ms()),
                ms(t.latP99Ms()),
                ms(t.server().meanMs()),
                t.cpu().server(),
                t.cpu().client(),
                t.cpu().other(),
                baselines.isEmpty() ? "n/a" : String.join("; ", baselines),
                budget,
                t.opsPerSec() >= budgetOps ? "met" : "**not met**"));
    }

    private void notes() {
        if (!http.notes().isEmpty()) {
            md.append("Setup: ");
            md.append(String.join(
                    "; ",
                    http.notes().entrySet().stream()
                            .map(e -> e.getKey() + ": " + e.getValue())
                            .toList()));
            md.append(".\n");
        }
    }

    private static String ms(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        if (v >= 100) {
            return String.format(Locale.ROOT, "%,.0f ms", v);
        }
        return String.format(Locale.ROOT, v >= 10 ? "%.1f ms" : v >= 1 ? "%.2f ms" : "%.3f ms", v);
    }

    private static String speedup(double v) {
        double x = v >= 1 ? v : 1 / v;
        return String.format(
                Locale.ROOT,
                x >= 100 ? "%,.0f× %s" : x >= 10 ? "%.0f× %s" : "%.1f× %s",
                x,
                v >= 1 ? "faster" : "slower");
    }
}
