package io.aetherfs.server.e2e.history;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * One model-checked run as the integration tests use it: run the workload, check the history, and on
 * findings minimize: run again with the same seed and fewer operations, clients or race rounds
 * (halving, keeping each reduction that still fails) until nothing smaller fails or the time budget is
 * spent. Each run uses a tenant of its own on the same server. The full history of the first failing
 * run is written to {@code dir} for analysis.
 */
public final class HistoryRun {
    /** The outcome: the first run's report and duration, and the smallest failing configuration found. */
    public record Result(Report report, Duration took, History history, Report smallest, String excerpt, Path dump) {
        public boolean ok() {
            return report.ok();
        }

        /** Returns the failure message: findings, smallest failing configuration, its excerpt. */
        public String describe() {
            StringBuilder sb = new StringBuilder(report.describe(25));
            if (smallest != null && smallest != report) {
                sb.append("\n\nsmallest failing configuration: ")
                        .append(smallest.config())
                        .append(" (rerun with ")
                        .append(smallest.config().rerunFlags())
                        .append(")\n")
                        .append(smallest.describe(10));
            }
            if (!excerpt.isEmpty()) {
                sb.append("\n\n").append(excerpt);
            }
            if (dump != null) {
                sb.append("\n\nfull history: ").append(dump);
            }
            return sb.toString();
        }
    }

    private HistoryRun() {}

    /** Runs, checks and (on findings) minimizes within {@code budget}. */
    public static Result run(Target target, HistoryConfig cfg, Path dir, Duration budget) throws Exception {
        long t0 = System.nanoTime();
        History h = new Workload(target, cfg, Workload.tenant(cfg.seed(), 0)).run();
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        Report report = Checker.check(h);
        if (report.ok()) {
            return new Result(report, took, h, null, "", null);
        }
        Path dump = dump(dir, h, report);
        long deadline = System.nanoTime() + budget.toNanos();
        Report smallest = report;
        History smallestHistory = h;
        int attempt = 1;
        List<UnaryOperator<HistoryConfig>> reductions = new ArrayList<>(List.of(
                c -> c.withOps(c.ops() / 2),
                c -> c.withClients(Math.max(1, c.clients() / 2)),
                c -> c.withRaceRounds(c.raceRounds() / 2)));
        boolean progress = true;
        while (progress && System.nanoTime() < deadline) {
            progress = false;
            for (UnaryOperator<HistoryConfig> r : reductions) {
                HistoryConfig smaller = r.apply(smallest.config());
                if (smaller.equals(smallest.config()) || System.nanoTime() >= deadline) {
                    continue;
                }
                History sh = new Workload(target, smaller, Workload.tenant(cfg.seed(), attempt++)).run();
                Report sr = Checker.check(sh);
                if (!sr.ok()) {
                    smallest = sr;
                    smallestHistory = sh;
                    progress = true;
                }
            }
        }
        String excerpt = Excerpt.of(smallestHistory, smallest.findings().getFirst(), 60);
        return new Result(report, took, h, smallest, excerpt, dump);
    }

    /**
     * Writes the report and the whole history (calls, then each session's events) as text, and the
     * history as JSON next to it (re-checked by {@code -Dafs.history.replay=<that file>}).
     */
    static Path dump(Path dir, History h, Report report) throws IOException {
        Files.createDirectories(dir);
        Path f = dir.resolve("history-" + h.config().seed() + ".txt");
        List<String> lines = new ArrayList<>();
        lines.add(report.describe(Integer.MAX_VALUE));
        lines.add("");
        lines.add("calls (by client, in client order):");
        h.calls().forEach(c -> lines.add("  " + c.describe()));
        h.events().forEach((s, log) -> {
            lines.add("events of " + s + ":");
            log.forEach(e -> lines.add("  " + e.describe()));
            lines.add("final manifest: " + h.finalTrees().get(s));
        });
        Files.write(f, lines);
        HistoryJson.write(h, dir.resolve("history-" + h.config().seed() + ".json"));
        return f;
    }
}
