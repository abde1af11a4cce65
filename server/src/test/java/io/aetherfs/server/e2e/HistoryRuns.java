package io.aetherfs.server.e2e;

import io.aetherfs.server.e2e.history.HistoryRun;
import java.nio.file.Path;

/** Shared bits of the model-checked history tests: where failing histories go, and the summary line. */
final class HistoryRuns {
    private HistoryRuns() {}

    /** Returns {@code <module>/target/history}, where the full history of a failing run is written. */
    static Path dumpDir() {
        return Path.of(System.getProperty("basedir", ".")).toAbsolutePath().resolve("target/history");
    }

    /** Prints what a run checked, so a green run says how much it proved. */
    static void print(String backend, HistoryRun.Result r) {
        System.out.println("[history] " + backend + " took " + r.took().toMillis() + " ms: "
                + r.report().summary());
    }
}
