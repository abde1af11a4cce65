package io.aetherfs.cli.sources;

import io.aetherfs.cli.ApiCommand;
import io.aetherfs.cli.ExitCode;
import io.aetherfs.client.AetherFsClient;
import io.aetherfs.proto.v1.DeleteSourceRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code afs sources delete}: deletes a source; refused (exit 4) while sessions use it, unless forced. */
@Command(
        name = "delete",
        mixinStandardHelpOptions = true,
        description = "Delete a source (refused with SOURCE_IN_USE while sessions are based on it, unless --force).")
final class DeleteSourceCommand extends ApiCommand {
    @Parameters(paramLabel = "SOURCE_ID", description = "The source.")
    String sourceId;

    @Option(names = "--force", description = "Delete even while sessions are based on it.")
    boolean force;

    @Override
    protected ExitCode run(AetherFsClient client) {
        var source = AetherFsClient.call(() -> client.sources()
                .deleteSource(DeleteSourceRequest.newBuilder()
                        .setSourceId(sourceId)
                        .setForce(force)
                        .build()));
        output().one(source, s -> output().out().println("deleting " + s.getId()));
        return ExitCode.OK;
    }
}
