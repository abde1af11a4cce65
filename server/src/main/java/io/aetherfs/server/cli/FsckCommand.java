package io.aetherfs.server.cli;

import io.aetherfs.server.config.ServerConfig;
import io.aetherfs.server.logging.LoggingSetup;
import io.aetherfs.server.storage.Stores;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code afs-server fsck}: verifies every reachable object; exits 0 only when the store is clean. */
@Command(
        name = "fsck",
        mixinStandardHelpOptions = true,
        versionProvider = AfsServerCommand.VersionProvider.class,
        description = "Verify that every object reachable from a live root exists and hashes to its name."
                + " Exits 0 only when clean.")
final class FsckCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @ParentCommand
    AfsServerCommand parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--repair", description = "Quarantine the damaged objects found.")
    boolean repair;

    @Override
    public Integer call() {
        ServerConfig config = options.orElse(parent.options).load();
        LoggingSetup.apply(config.logging());
        try (Stores stores = Stores.open(config.storage())) {
            return MaintenanceCommands.fsck(stores, repair, spec.commandLine().getOut());
        }
    }
}
