package io.aetherfs.server.cli;

import io.aetherfs.server.Version;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code afs-server version}: prints the version. */
@Command(
        name = "version",
        mixinStandardHelpOptions = true,
        versionProvider = AfsServerCommand.VersionProvider.class,
        description = "Print the version.")
final class VersionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().println("afs-server " + Version.current());
        return ExitCodes.OK;
    }
}
