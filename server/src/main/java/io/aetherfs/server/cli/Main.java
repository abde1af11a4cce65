package io.aetherfs.server.cli;

import io.aetherfs.core.error.AfsException;
import io.aetherfs.server.config.ConfigException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * The {@code afs-server} entry point: parses the command line (spec §13.4) and maps failures to exit
 * statuses: 0 ok, 1 runtime failure, 2 usage or configuration error.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** Returns the command line of {@code afs-server}, with the error handling of {@link #main}. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new AfsServerCommand());
        cli.setExecutionExceptionHandler(Main::handle);
        return cli;
    }

    private static int handle(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        if (e instanceof ConfigException) {
            err.println("afs-server: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        if (e instanceof AfsException || e instanceof IllegalStateException || e instanceof UncheckedIOException) {
            err.println("afs-server: " + e.getMessage());
            LoggerFactory.getLogger(Main.class).debug("command failed", e);
        } else {
            err.println("afs-server: unexpected error: " + e);
            e.printStackTrace(err);
        }
        err.flush();
        return ExitCodes.FAILURE;
    }
}
