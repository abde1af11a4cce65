package io.aetherfs.cli.files;

import io.aetherfs.cli.ApiCommand;
import io.aetherfs.cli.ExitCode;
import io.aetherfs.client.AetherFsClient;
import io.aetherfs.proto.v1.ManifestEntry;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code afs files ls}: lists the entries of a directory of a session (the whole subtree with -R). */
@Command(name = "ls", mixinStandardHelpOptions = true, description = "List a directory of a session, in path order.")
final class ListFilesCommand extends ApiCommand {
    @Parameters(index = "0", paramLabel = "SESSION_ID", description = "The session.")
    String sessionId;

    @Parameters(index = "1", arity = "0..1", paramLabel = "PATH", description = "The directory; default the root.")
    String path = "";

    @Option(
            names = {"-R", "--recursive"},
            description = "List the whole subtree, not only the children.")
    boolean recursive;

    @Override
    protected ExitCode run(AetherFsClient client) {
        List<ManifestEntry> entries = new ArrayList<>();
        client.manifest(sessionId, path, recursive).forEachRemaining(entries::add);
        output().list(entries, FileViews.table(entries));
        return ExitCode.OK;
    }
}
