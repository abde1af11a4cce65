package io.aetherfs.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code afs completion bash}: prints the completion script picocli generates from the command model. */
@Command(
        name = "completion",
        mixinStandardHelpOptions = true,
        description = {
            "Print a shell completion script for afs.",
            "bash: source <(afs completion bash); zsh: autoload -U bashcompinit && bashcompinit, then the same."
        })
final class CompletionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SHELL", defaultValue = "bash", description = "bash (default) or zsh.")
    String shell;

    @Override
    public Integer call() {
        if (!shell.equals("bash") && !shell.equals("zsh")) {
            throw CliException.usage("no completion for shell \"" + shell + "\"; use bash or zsh");
        }
        spec.commandLine().getOut().print(AutoComplete.bash("afs", spec.root().commandLine()));
        spec.commandLine().getOut().flush();
        return ExitCode.OK.code();
    }
}
