package io.aetherfs.server.cli;

import io.aetherfs.server.config.ServerConfig;
import io.aetherfs.server.logging.LoggingSetup;
import io.aetherfs.server.storage.Stores;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code afs-server gc}: runs CAS garbage collection now and prints its report. */
@Command(
        name = "gc",
        mixinStandardHelpOptions = true,
        versionProvider = AfsServerCommand.VersionProvider.class,
        description =
                "Run CAS garbage collection now: delete unreferenced blobs older than storage.blob_gc_grace_secs.")
final class GcCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @ParentCommand
    AfsServerCommand parent;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ServerConfig config = options.orElse(parent.options).load();
        LoggingSetup.apply(config.logging());
        try (Stores stores = Stores.open(config.storage())) {
            return MaintenanceCommands.gc(
                    stores,
                    Clock.systemUTC(),
                    config.storage().blobGcGrace(),
                    spec.commandLine().getOut());
        }
    }
}
