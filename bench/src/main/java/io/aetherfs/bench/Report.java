package io.aetherfs.bench;

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
 * Turns the JSON results of a benchmark run into the Markdown tables of {@code docs/BENCHMARKS.md}:
 * each AetherFS number beside its baseline from the same run, the ratio, and the budget.
 *
 * <p>Usage: {@code Report [--env FILE] [--out FILE] [--update BENCHMARKS.md] RESULT.json...}; without
 * {@code --out} the Markdown goes to standard output. {@code --update} replaces the text between the
 * {@value #BEGIN} and {@value #END} markers.
 */
public final class Report {
    static final String BEGIN = "<!-- engine-results:begin -->";
    static final String END = "<!-- engine-results:end -->";
    private static final int[] SIZES = {100, 10_000, 100_000};

    private final JmhResults r;
    private final StringBuilder md = new StringBuilder();

    private Report(JmhResults r) {
        this.r = r;
    }

    public static void main(String[] args) throws IOException {
        Path env = null;
        Path out = null;
        Path update = null;
        List<Path> inputs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--env" -> env = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--update" -> update = Path.of(args[++i]);
                default -> inputs.add(Path.of(args[i]));
            }
        }
        Report report = new Report(JmhResults.read(inputs));
        String text = report.render(env == null ? "" : Files.readString(env, StandardCharsets.UTF_8));
        if (out != null) {
            Files.writeString(out, text, StandardCharsets.UTF_8);
        } else {
            System.out.print(text);
        }
        if (update != null) {
            String doc = Files.readString(update, StandardCharsets.UTF_8);
            int b = doc.indexOf(BEGIN);
            int e = doc.indexOf(END);
            if (b < 0 || e < b) {
                throw new IllegalStateException(update + " lacks the markers " + BEGIN + " … " + END);
            }
            Files.writeString(
                    update,
                    doc.substring(0, b + BEGIN.length()) + "\n" + text + doc.substring(e),
                    StandardCharsets.UTF_8);
        }
    }

    private String render(String env) {
        md.append(env.isBlank() ? "" : env.strip() + "\n\n");
        latencyTable();
        flatness();
        throughputTable();
        return md.toString();
    }

    /** Appends fork, checkpoint and commit latencies beside git and cp. */
    private void latencyTable() {
        md.append("#### Latency (ms; JMH SampleTime; durable = SQLite WAL + local blob store, fsync on)\n\n");
        md.append(
                "| operation | files | durable p50 | durable p99 | in-memory p50 | baseline p50 (durable AetherFS speed-up)"
                        + " | budget | engine-side |\n");
        md.append("| --- | ---: | ---: | ---: | ---: | --- | --- | --- |\n");
        for (int n : SIZES) {
            latency(
                    "fork",
                    "ForkCheckpointBench.fork",
                    n,
                    10,
                    "p50 < 10 ms, flat",
                    List.of(
                            baseline("git worktree add", "ForkBaselineBench.gitWorktreeAdd", n),
                            baseline("cp -r", "ForkBaselineBench.copyTree", n)));
        }
        for (int n : SIZES) {
            latency(
                    "checkpoint",
                    "ForkCheckpointBench.checkpoint",
                    n,
                    10,
                    "p50 < 10 ms, flat",
                    List.of(baseline("git add -A + commit", "CheckpointBaselineBench.gitCommit", n)));
        }
        latency(
                "commit of 10 changes",
                "CommitBench.commit",
                100_000,
                20,
                "< 20 ms",
                List.of(baseline("git add -A + commit", "CheckpointBaselineBench.gitCommit", 100_000)));
    }

    /** Appends how fork and checkpoint latency change with the size of the tree, and the fsync floor. */
    private void flatness() {
        md.append("\nFlatness (p50 ÷ p50 at 10,000 files, and ÷ p50 at 100 files): ");
        List<String> flat = new ArrayList<>();
        for (String op : List.of("fork", "checkpoint")) {
            for (String backend : List.of("sqlite", "memory")) {
                String b = "ForkCheckpointBench." + op;
                Optional<Result> small = r.find(b, "files", "100", "backend", backend);
                Optional<Result> mid = r.find(b, "files", "10000", "backend", backend);
                Optional<Result> big = r.find(b, "files", "100000", "backend", backend);
                if (small.isPresent() && mid.isPresent() && big.isPresent()) {
                    flat.add(String.format(
                            Locale.ROOT,
                            "%s/%s 100k÷10k %.2f×, 100k÷100 %.2f×",
                            op,
                            backend.equals("sqlite") ? "durable" : "in-memory",
                            big.get().p50() / mid.get().p50(),
                            big.get().p50() / small.get().p50()));
                }
            }
        }
        md.append(flat.isEmpty() ? "n/a" : String.join("; ", flat)).append(".\n\n");
        r.find("NativeDiskBench.writeFsyncRenameAlone")
                .ifPresent(x -> md.append(String.format(
                        Locale.ROOT,
                        "Durability floor on this disk: one native 4 KiB write + fsync + rename by a single caller"
                                + " takes p50 %s, p99 %s; every durable AetherFS change waits for at least one"
                                + " such round (the SQLite WAL commit).%n%n",
                        ms(x.p50()),
                        ms(x.p99()))));
    }

    /** Appends 4 KiB write and read throughput beside native disk I/O. */
    private void throughputTable() {
        md.append(
                "#### Throughput (4 KiB whole files, 32 concurrent callers; ops/s, mean (slowest–fastest iteration))\n\n");
        md.append(
                "| operation | durable | in-memory | native baseline (durable AetherFS ÷ native) | budget | engine-side |\n");
        md.append("| --- | ---: | ---: | --- | --- | --- |\n");
        throughput(
                "write",
                "WriteReadBench.write",
                5_000,
                "≥ 5,000/s",
                baseline("write + fsync + rename", "NativeDiskBench.writeFsyncRename", 0));
        throughput(
                "read",
                "WriteReadBench.read",
                15_000,
                "≥ 15,000/s",
                baseline("read from page cache", "NativeDiskBench.readPageCache", 0));
    }

    private record Baseline(String label, Optional<Result> result) {}

    private Baseline baseline(String label, String bench, int files) {
        return new Baseline(label, files == 0 ? r.find(bench) : r.find(bench, "files", Integer.toString(files)));
    }

    private void latency(String op, String bench, int files, double budgetMs, String budget, List<Baseline> bases) {
        Optional<Result> durable = r.find(bench, "files", Integer.toString(files), "backend", "sqlite");
        Optional<Result> memory = r.find(bench, "files", Integer.toString(files), "backend", "memory");
        List<String> cells = new ArrayList<>();
        for (Baseline b : bases) {
            cells.add(b.result()
                    .map(x -> b.label() + " " + ms(x.p50()) + (x.samples() < 10 ? " [n=" + x.samples() + "]" : "")
                            + durable.map(d -> " (" + speedup(x.p50() / d.p50()) + ")")
                                    .orElse(""))
                    .orElse(b.label() + " n/a"));
        }
        md.append(String.format(
                Locale.ROOT,
                "| %s | %,d | %s | %s | %s | %s | %s | %s |%n",
                op,
                files,
                durable.map(d -> ms(d.p50())).orElse("n/a"),
                durable.map(d -> ms(d.p99())).orElse("n/a"),
                memory.map(m -> ms(m.p50())).orElse("n/a"),
                String.join("; ", cells),
                budget,
                durable.map(d -> d.p50() < budgetMs ? "met" : "**not met**").orElse("n/a")));
    }

    private void throughput(String op, String bench, double budgetOps, String budget, Baseline base) {
        Optional<Result> durable = r.find(bench, "backend", "sqlite");
        Optional<Result> memory = r.find(bench, "backend", "memory");
        String baseCell = base.result()
                .map(b -> base.label() + " " + ops(b)
                        + durable.map(d -> String.format(Locale.ROOT, " (%.0f%%)", 100 * d.score() / b.score()))
                                .orElse(""))
                .orElse(base.label() + " n/a");
        md.append(String.format(
                Locale.ROOT,
                "| %s | %s | %s | %s | %s | %s |%n",
                op,
                durable.map(Report::ops).orElse("n/a"),
                memory.map(Report::ops).orElse("n/a"),
                baseCell,
                budget,
                durable.map(d -> d.score() >= budgetOps ? "met" : "**not met**").orElse("n/a")));
    }

    private static String ms(double v) {
        if (v >= 100) {
            return String.format(Locale.ROOT, "%,.0f ms", v);
        }
        return String.format(Locale.ROOT, v >= 10 ? "%.1f ms" : v >= 1 ? "%.2f ms" : "%.3f ms", v);
    }

    /** Returns a throughput with the range of its measurement iterations. */
    private static String ops(Result x) {
        return Double.isNaN(x.min())
                ? String.format(Locale.ROOT, "%,.0f", x.score())
                : String.format(Locale.ROOT, "%,.0f (%,.0f–%,.0f)", x.score(), x.min(), x.max());
    }

    /** Returns "N× faster" for a baseline-time ÷ AetherFS-time ratio above one, else "N× slower". */
    private static String speedup(double v) {
        double x = v >= 1 ? v : 1 / v;
        return String.format(
                Locale.ROOT,
                x >= 100 ? "%,.0f× %s" : x >= 10 ? "%.0f× %s" : "%.1f× %s",
                x,
                v >= 1 ? "faster" : "slower");
    }
}
