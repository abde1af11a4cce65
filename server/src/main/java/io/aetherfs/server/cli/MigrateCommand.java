package io.aetherfs.server.cli;

import io.aetherfs.core.spi.MetaStore;
import io.aetherfs.server.config.ServerConfig;
import io.aetherfs.server.logging.LoggingSetup;
import io.aetherfs.server.storage.Stores;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code afs-server migrate}: applies the metadata schema migrations and exits. */
@Command(
        name = "migrate",
        mixinStandardHelpOptions = true,
        versionProvider = AfsServerCommand.VersionProvider.class,
        description = "Apply metadata schema migrations and exit.")
final class MigrateCommand implements Callable<Integer> {
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
        try (MetaStore meta = Stores.openMeta(config.storage())) {
            meta.checkHealth();
        }
        spec.commandLine()
                .getOut()
                .println("the metadata store (" + Stores.describe(config.storage())
                        + ") is migrated to the current schema");
        return ExitCodes.OK;
    }
}
