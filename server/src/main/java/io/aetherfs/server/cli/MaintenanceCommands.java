package io.aetherfs.server.cli;

import io.aetherfs.core.gc.Fsck;
import io.aetherfs.core.gc.GarbageCollector;
import io.aetherfs.server.storage.Stores;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;

/**
 * The work behind {@code afs-server gc} and {@code afs-server fsck}: runs the core's garbage collector
 * and checker over the configured stores and prints their reports.
 *
 * <p>Compiled only once {@code io.aetherfs.core.gc} exists (Maven profile {@code core-gc} in the server
 * POM); until then {@code src/gc-pending/java} supplies a stand-in. When both are merged, move this
 * file to {@code src/main/java} and delete the stand-in and both profiles.
 */
final class MaintenanceCommands {
    private MaintenanceCommands() {}

    /** Deletes unreferenced blobs older than {@code grace}, prints the report, returns the exit status. */
    static int gc(Stores stores, Clock clock, Duration grace, PrintWriter out) {
        var report = new GarbageCollector(stores.meta(), stores.blobs(), clock, grace).run();
        out.println(report);
        return ExitCodes.OK;
    }

    /** Checks (and with {@code repair}, quarantines) reachable objects; exit status 0 only when clean. */
    static int fsck(Stores stores, boolean repair, PrintWriter out) {
        var report = new Fsck(stores.meta(), stores.blobs()).run(repair);
        out.println(report);
        return report.clean() ? ExitCodes.OK : ExitCodes.FAILURE;
    }
}
