package io.aetherfs.cli.files;

import io.aetherfs.cli.ApiCommand;
import io.aetherfs.cli.ExitCode;
import io.aetherfs.client.AetherFsClient;
import io.aetherfs.proto.v1.RenameRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code afs files mv}: renames a path of a session. */
@Command(name = "mv", mixinStandardHelpOptions = true, description = "Rename (move) a file or directory.")
final class MoveFileCommand extends ApiCommand {
    @Parameters(index = "0", paramLabel = "SESSION_ID", description = "The session.")
    String sessionId;

    @Parameters(index = "1", paramLabel = "FROM", description = "The existing path.")
    String from;

    @Parameters(index = "2", paramLabel = "TO", description = "The new path.")
    String to;

    @Option(
            names = {"-f", "--force"},
            description = "Replace an existing TO.")
    boolean overwrite;

    @Override
    protected ExitCode run(AetherFsClient client) {
        var entry = AetherFsClient.call(() -> client.files()
                .rename(RenameRequest.newBuilder()
                        .setSessionId(sessionId)
                        .setFromPath(from)
                        .setToPath(to)
                        .setOverwrite(overwrite)
                        .build()));
        output().one(entry, FileViews.details(entry));
        return ExitCode.OK;
    }
}
