package io.aetherfs.cli.files;

import io.aetherfs.cli.ApiCommand;
import io.aetherfs.cli.CliException;
import io.aetherfs.cli.ExitCode;
import io.aetherfs.client.AetherFsClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code afs files put}: writes a file of a session from a local file or stdin, replacing it atomically. */
@Command(
        name = "put",
        mixinStandardHelpOptions = true,
        description = "Write a file of a session from a local file (or stdin), creating missing parents.")
final class PutFileCommand extends ApiCommand {
    @Parameters(index = "0", paramLabel = "SESSION_ID", description = "The session.")
    String sessionId;

    @Parameters(index = "1", paramLabel = "PATH", description = "The file in the session.")
    String path;

    @Parameters(
            index = "2",
            arity = "0..1",
            paramLabel = "LOCAL_FILE",
            description = "What to write; - or absent: stdin.")
    String local = "-";

    @Option(names = "--no-parents", description = "Fail when the parent directory is missing.")
    boolean noParents;

    @Override
    protected ExitCode run(AetherFsClient client) throws IOException {
        var entry = local.equals("-") ? client.writeFile(sessionId, path, shell().in(), !noParents) : fromFile(client);
        output().one(entry, FileViews.details(entry));
        return ExitCode.OK;
    }

    private io.aetherfs.proto.v1.ManifestEntry fromFile(AetherFsClient client) throws IOException {
        try (InputStream in = Files.newInputStream(Path.of(local))) {
            return client.writeFile(sessionId, path, in, !noParents);
        } catch (NoSuchFileException e) {
            throw CliException.usage("local file " + local + " does not exist");
        }
    }
}
