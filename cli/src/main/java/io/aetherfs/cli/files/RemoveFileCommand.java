package io.aetherfs.cli.files;

import io.aetherfs.cli.ApiCommand;
import io.aetherfs.cli.ExitCode;
import io.aetherfs.client.AetherFsClient;
import io.aetherfs.proto.v1.DeleteDirectoryRequest;
import io.aetherfs.proto.v1.DeleteFileRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code afs files rm}: deletes a file or symlink, or with {@code -r} a directory and its contents. */
@Command(name = "rm", mixinStandardHelpOptions = true, description = "Delete a file, or with -r a directory.")
final class RemoveFileCommand extends ApiCommand {
    @Parameters(index = "0", paramLabel = "SESSION_ID", description = "The session.")
    String sessionId;

    @Parameters(index = "1", paramLabel = "PATH", description = "The path to delete.")
    String path;

    @Option(
            names = {"-r", "--recursive"},
            description = "Delete a directory and everything under it.")
    boolean recursive;

    @Option(
            names = {"-d", "--dir"},
            description = "Delete an empty directory.")
    boolean directory;

    @Override
    protected ExitCode run(AetherFsClient client) {
        if (recursive || directory) {
            AetherFsClient.call(() -> client.files()
                    .deleteDirectory(DeleteDirectoryRequest.newBuilder()
                            .setSessionId(sessionId)
                            .setPath(path)
                            .setRecursive(recursive)
                            .build()));
        } else {
            AetherFsClient.call(() -> client.files()
                    .deleteFile(DeleteFileRequest.newBuilder()
                            .setSessionId(sessionId)
                            .setPath(path)
                            .build()));
        }
        output().out().println(output().json() ? "{}" : "deleted " + path);
        return ExitCode.OK;
    }
}
