package io.aetherfs.server.cli;

import io.aetherfs.server.Version;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Mixin;

/** The top-level {@code afs-server} command: runs {@code serve} when no subcommand is given. */
@Command(
        name = "afs-server",
        mixinStandardHelpOptions = true,
        versionProvider = AfsServerCommand.VersionProvider.class,
        description = "The AetherFS server: session workspaces over HTTP /v1 and gRPC. Runs `serve` by default.",
        subcommands = {
            ServeCommand.class,
            MigrateCommand.class,
            GcCommand.class,
            FsckCommand.class,
            TokenCommand.class,
            VersionCommand.class,
            HelpCommand.class
        })
final class AfsServerCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() {
        return ServeCommand.serve(options);
    }

    /** Supplies {@code --version}. */
    static final class VersionProvider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"afs-server " + Version.current()};
        }
    }
}
