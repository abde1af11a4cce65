package io.aetherfs.cli;

import io.aetherfs.cli.approvals.ApprovalsCommand;
import io.aetherfs.cli.bus.BusCommand;
import io.aetherfs.cli.checkpoints.CheckpointsCommand;
import io.aetherfs.cli.events.EventsCommand;
import io.aetherfs.cli.files.ExportCommand;
import io.aetherfs.cli.files.FilesCommand;
import io.aetherfs.cli.history.CommitCommand;
import io.aetherfs.cli.history.DiffCommand;
import io.aetherfs.cli.history.MergeCommand;
import io.aetherfs.cli.sessions.SessionsCommand;
import io.aetherfs.cli.sources.SourcesCommand;
import io.aetherfs.client.AetherFsClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The top-level {@code afs} command: the control CLI of an AetherFS server; prints usage alone. */
@Command(
        name = "afs",
        mixinStandardHelpOptions = true,
        versionProvider = AfsCommand.VersionProvider.class,
        description = "Control an AetherFS server: sources, sessions, files, checkpoints, commits, diffs, merges,"
                + " approvals, events, the message bus and exports.",
        subcommands = {
            SourcesCommand.class,
            SessionsCommand.class,
            FilesCommand.class,
            CheckpointsCommand.class,
            CommitCommand.class,
            DiffCommand.class,
            MergeCommand.class,
            ApprovalsCommand.class,
            EventsCommand.class,
            BusCommand.class,
            ExportCommand.class,
            CompletionCommand.class,
            HelpCommand.class
        })
public final class AfsCommand implements Callable<Integer> {
    private final Shell shell;

    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    AfsCommand(Shell shell) {
        this.shell = shell;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCode.USAGE.code();
    }

    /** Returns the process's shell. */
    public Shell shell() {
        return shell;
    }

    /** Returns the global options. */
    public GlobalOptions global() {
        return global;
    }

    /** Returns a client of the configured endpoint with the configured token. */
    public AetherFsClient connect() {
        return AetherFsClient.connect(global.endpoint(shell), global.token(shell), "afs", Version.current());
    }

    /** Supplies {@code --version}. */
    static final class VersionProvider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"afs " + Version.current()};
        }
    }
}
