package io.aetherfs.cli;

import io.aetherfs.client.AetherFsClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The base of every command that calls the server: opens one client for the configured endpoint and
 * token, runs {@link #run}, and closes the client; failures go to the handler of {@link Afs}.
 */
public abstract class ApiCommand implements Callable<Integer> {
    @Spec
    protected CommandSpec spec;

    @Override
    public final Integer call() throws Exception {
        try (AetherFsClient client = root().connect()) {
            return run(client).code();
        }
    }

    /** Runs the command against the server; returns the exit status. */
    protected abstract ExitCode run(AetherFsClient client) throws Exception;

    /** Returns the printer of results in the chosen output format. */
    protected Output output() {
        return new Output(root().shell().out(), root().global().output());
    }

    /** Returns the process's shell. */
    protected Shell shell() {
        return root().shell();
    }

    /** Returns a progress display on stderr, drawn only when stderr is a terminal. */
    protected Progress progress(String label, long total) {
        return new Progress(shell().err(), shell().interactive(), label, total);
    }

    private AfsCommand root() {
        return (AfsCommand) spec.root().userObject();
    }
}
