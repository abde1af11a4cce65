package io.aetherfs.bench.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns the results of {@code bench/run-cluster-bench} into the Markdown tables of the "Scale-out: 1 node vs
 * 3 nodes" section of {@code docs/BENCHMARKS.md}: the same 4 KiB write and read runs against each
 * deployment side by side, with the ratio of each to the first (the embedded server) and to the second (one
 * scale-out node), and where the CPU went.
 *
 * <p>Usage: {@code ClusterReport --run LABEL=DIR... [--env FILE] [--out FILE] [--update BENCHMARKS.md]}: each
 * {@code DIR} holds the {@code http-*.json} results of {@link HttpBench} for one deployment, in the order
 * given. {@code --update} replaces the text between {@value #BEGIN} and {@value #END}.
 */
public final class ClusterReport {
    static final String BEGIN = "<!-- cluster-results:begin -->";
    static final String END = "<!-- cluster-results:end -->";
    private static final List<String> RUNS = List.of("write-1", "write-4", "write-own", "read");

    private record Deployment(String label, Results results) {
        Optional<Throughput> run(String name) {
            return results.throughput().stream()
                    .filter(t -> t.name().equals(name))
                    .findFirst();
        }
    }

    private final List<Deployment> deployments;
    private final StringBuilder md = new StringBuilder();

    private ClusterReport(List<Deployment> deployments) {
        this.deployments = deployments;
    }

    public static void main(String[] args) throws IOException {
        Path env = null;
        Path out = null;
        Path update = null;
        List<Deployment> deployments = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--env" -> env = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--update" -> update = Path.of(args[++i]);
                case "--run" -> {
                    String spec = args[++i];
                    int eq = spec.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("--run wants LABEL=DIR, not " + spec);
                    }
                    deployments.add(new Deployment(spec.substring(0, eq), read(Path.of(spec.substring(eq + 1)))));
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        String text =
                new ClusterReport(deployments).render(env == null ? "" : Files.readString(env, StandardCharsets.UTF_8));
        if (out != null) {
            Files.writeString(out, text, StandardCharsets.UTF_8);
        } else {
            System.out.print(text);
        }
        if (update != null) {
            HttpReport.replaceSection(update, BEGIN, END, text);
        }
    }

    /** Merges every {@code http-*.json} of {@code dir} (none: an empty result, shown as n/a). */
    private static Results read(Path dir) throws IOException {
        Results r = new Results();
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "http-*.json")) {
                for (Path f : files) {
                    r.merge(Results.read(f));
                }
            }
        }
        return r;
    }

    private String render(String env) {
        md.append(env.isBlank() ? "" : env.strip() + "\n\n");
        throughput();
        cpu();
        return md.toString();
    }

    private void throughput() {
        md.append("#### Throughput (4 KiB whole files; ops/s over the measured run, latency p50 / p99)\n\n");
        List<String> header = new ArrayList<>(List.of("operation"));
        deployments.forEach(d -> header.add(d.label()));
        List<int[]> ratios = new ArrayList<>();
        for (int i = 1; i < deployments.size(); i++) {
            for (int base = 0; base < Math.min(i, 2); base++) {
                ratios.add(new int[] {i, base});
                header.add(deployments.get(i).label() + " ÷ "
                        + deployments.get(base).label());
            }
        }
        row(header);
        List<String> align = new ArrayList<>(List.of("---"));
        for (int i = 1; i < header.size(); i++) {
            align.add("---:");
        }
        row(align);
        for (String name : RUNS) {
            List<String> cells = new ArrayList<>(List.of(operation(name)));
            for (Deployment d : deployments) {
                cells.add(d.run(name)
                        .map(t -> String.format(
                                Locale.ROOT,
                                "%,.0f/s (%s / %s)%s%s",
                                t.opsPerSec(),
                                ms(t.latP50Ms()),
                                ms(t.latP99Ms()),
                                t.connections() == 32 ? "" : " [" + t.connections() + " conn.]",
                                failures(t)))
                        .orElse("n/a"));
            }
            for (int[] r : ratios) {
                Optional<Throughput> a = deployments.get(r[0]).run(name);
                Optional<Throughput> b = deployments.get(r[1]).run(name);
                cells.add(
                        a.isPresent() && b.isPresent()
                                ? String.format(
                                        Locale.ROOT,
                                        "%.2f×",
                                        a.get().opsPerSec() / b.get().opsPerSec())
                                : "n/a");
            }
            row(cells);
        }
        md.append('\n');
    }

    private void cpu() {
        md.append("#### Where the CPU went (cores, during the measured run: AetherFS nodes / PostgreSQL + s3proxy"
                + " / wrk / other processes, of the machine's busy total)\n\n");
        List<String> header = new ArrayList<>(List.of("operation"));
        deployments.forEach(d -> header.add(d.label()));
        row(header);
        List<String> align = new ArrayList<>(List.of("---"));
        deployments.forEach(d -> align.add("---"));
        row(align);
        for (String name : RUNS) {
            List<String> cells = new ArrayList<>(List.of(operation(name)));
            for (Deployment d : deployments) {
                cells.add(d.run(name)
                        .map(t -> t.cpu())
                        .map(c -> String.format(
                                Locale.ROOT,
                                "%.2f / %s / %.2f / %.2f of %.2f",
                                c.server(),
                                Double.isFinite(c.stores()) ? String.format(Locale.ROOT, "%.2f", c.stores()) : "–",
                                c.client(),
                                c.other(),
                                c.machineBusy()))
                        .orElse("n/a"));
            }
            row(cells);
        }
        md.append('\n');
    }

    /** Returns " **N failed (409 × n, …)**" when requests of the run failed, else nothing. */
    private static String failures(Throughput t) {
        if (t.errors() == 0) {
            return "";
        }
        List<String> byStatus = new ArrayList<>();
        if (t.statuses() != null) {
            t.statuses().forEach((status, n) -> byStatus.add(status + " × " + n));
        }
        return String.format(
                Locale.ROOT,
                " **%,d failed%s**",
                t.errors(),
                byStatus.isEmpty() ? "" : " (" + String.join(", ", byStatus) + ")");
    }

    private static String operation(String run) {
        return switch (run) {
            case "write-1" -> "write, 1 session";
            case "write-4" -> "write, 4 sessions";
            case "write-own" -> "write, a session per node";
            default -> "read, 1 session";
        };
    }

    private void row(List<String> cells) {
        md.append("| ").append(String.join(" | ", cells)).append(" |\n");
    }

    private static String ms(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        return String.format(Locale.ROOT, v >= 100 ? "%,.0f ms" : v >= 10 ? "%.1f ms" : "%.2f ms", v);
    }
}
