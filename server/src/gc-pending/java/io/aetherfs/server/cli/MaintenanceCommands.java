package io.aetherfs.server.cli;

import io.aetherfs.server.storage.Stores;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;

/**
 * Build-time stand-in for {@code src/gc/java/.../MaintenanceCommands.java}, compiled only while
 * {@code io.aetherfs.core.gc} is missing from the core module (Maven profile {@code core-gc-pending}):
 * {@code gc} and {@code fsck} then say this build lacks them and fail. Delete it once gc is merged.
 */
final class MaintenanceCommands {
    private static final String MISSING =
            " is not available in this build: it was compiled without io.aetherfs.core.gc";

    private MaintenanceCommands() {}

    static int gc(Stores stores, Clock clock, Duration grace, PrintWriter out) {
        throw new IllegalStateException("gc" + MISSING);
    }

    static int fsck(Stores stores, boolean repair, PrintWriter out) {
        throw new IllegalStateException("fsck" + MISSING);
    }
}
