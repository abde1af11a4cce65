package io.aetherfs.cli.files;

import io.aetherfs.cli.ApiCommand;
import io.aetherfs.cli.ExitCode;
import io.aetherfs.client.AetherFsClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code afs files cat}: streams a file's bytes to stdout, as they are (no JSON form). */
@Command(name = "cat", mixinStandardHelpOptions = true, description = "Write a file's content to stdout.")
final class CatFileCommand extends ApiCommand {
    @Parameters(index = "0", paramLabel = "SESSION_ID", description = "The session.")
    String sessionId;

    @Parameters(index = "1", paramLabel = "PATH", description = "The file.")
    String path;

    @Override
    protected ExitCode run(AetherFsClient client) {
        client.readFile(sessionId, path, shell().out());
        shell().out().flush();
        return ExitCode.OK;
    }
}
