package io.aetherfs.cli;

import io.aetherfs.client.AetherFsException;
import io.grpc.Status;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;

/**
 * Builds the {@code afs} command line over a {@link Shell} and turns every failure into one line on
 * stderr that says what failed and what to do, plus the exit status of {@link ExitCode}: never a stack
 * trace.
 */
public final class Afs {
    private Afs() {}

    /** Runs {@code args} in {@code shell}; returns the exit status. */
    public static int run(Shell shell, String... args) {
        // gRPC logs transport trouble through java.util.logging; the error line below says it better.
        Logger.getLogger("io.grpc").setLevel(Level.OFF);
        return commandLine(shell).execute(args);
    }

    /** Returns the {@code afs} command line writing to the shell's streams, with its error handling. */
    public static CommandLine commandLine(Shell shell) {
        CommandLine cli = new CommandLine(new AfsCommand(shell));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setOut(new PrintWriter(shell.out(), true));
        cli.setErr(new PrintWriter(shell.err(), true));
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> handle(e, cmd));
        List<String> footer = new ArrayList<>(List.of(
                "",
                "Environment:",
                "  AFS_ENDPOINT    server URL (default " + GlobalOptions.DEFAULT_ENDPOINT + "); --endpoint wins",
                "  AFS_AUTH_TOKEN  bearer token; --auth-token-file wins",
                "",
                "Exit codes:"));
        footer.addAll(List.of(ExitCode.helpLines()));
        footer.addAll(List.of("", "Shell completion: source <(afs completion bash)"));
        cli.getCommandSpec().usageMessage().footer(footer.toArray(String[]::new));
        return cli;
    }

    private static int handle(Exception e, CommandLine cmd) {
        PrintWriter err = cmd.getErr();
        String name = cmd.getCommandSpec().qualifiedName();
        ExitCode exit;
        String message;
        switch (e) {
            case CliException c -> {
                exit = c.exitCode();
                message = c.getMessage();
            }
            case AetherFsException a -> {
                exit = ExitCode.of(a.code());
                message = describe(a, cmd);
            }
            case UncheckedIOException io -> {
                exit = ExitCode.FAILURE;
                message = "local I/O failed: " + io.getCause().getMessage();
            }
            case IllegalArgumentException bad -> {
                exit = ExitCode.USAGE;
                message = bad.getMessage();
            }
            default -> {
                exit = ExitCode.FAILURE;
                message = "unexpected error: " + e;
            }
        }
        err.println(name + ": " + message);
        err.flush();
        return exit.code();
    }

    private static String describe(AetherFsException e, CommandLine cmd) {
        AfsCommand root = (AfsCommand) cmd.getCommandSpec().root().userObject();
        String server = e.getMessage().substring(e.getMessage().indexOf(": ") + 2);
        if (e.code() == Status.Code.UNAVAILABLE) {
            return "cannot reach afs-server at " + root.global().endpoint(root.shell()) + " (" + rootCause(e, server)
                    + "); is it running there? Start it with bin/afs-server, or point --endpoint / AFS_ENDPOINT at it";
        }
        String reason = e.reason().isEmpty() ? "" : " " + e.reason();
        String hint =
                switch (e.code()) {
                    case UNAUTHENTICATED -> "check the token in AFS_AUTH_TOKEN or --auth-token-file";
                    case PERMISSION_DENIED -> "the token lacks a scope this needs; use a token that has it";
                    case NOT_FOUND -> "check the id or path (`afs sessions list`, `afs files ls SESSION`)";
                    case FAILED_PRECONDITION, ABORTED ->
                        "check the status with `afs sessions show SESSION`, then retry";
                    case INVALID_ARGUMENT, OUT_OF_RANGE ->
                        "fix the value; `" + cmd.getCommandSpec().qualifiedName() + " --help` lists the options";
                    default -> null;
                };
        return server + " (" + e.code() + reason + ")" + (hint == null ? "" : "; " + hint);
    }

    /** Returns the message of the innermost cause (e.g. "Connection refused"), else {@code fallback}. */
    private static String rootCause(Throwable e, String fallback) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == e || t.getMessage() == null ? fallback : t.getMessage();
    }
}
