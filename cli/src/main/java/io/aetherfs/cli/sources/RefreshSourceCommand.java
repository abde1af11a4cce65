package io.aetherfs.cli.sources;

import io.aetherfs.cli.ApiCommand;
import io.aetherfs.cli.ExitCode;
import io.aetherfs.client.AetherFsClient;
import io.aetherfs.proto.v1.RefreshSourceRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code afs sources refresh}: fetches a git or localfs source again and follows the job. */
@Command(
        name = "refresh",
        mixinStandardHelpOptions = true,
        description = "Fetch a git (or localfs) source again; a new revision only when the commit changed.")
final class RefreshSourceCommand extends ApiCommand {
    @Parameters(paramLabel = "SOURCE_ID", description = "The source.")
    String sourceId;

    @Option(names = "--no-wait", description = "Return the QUEUED job at once.")
    boolean noWait;

    @Override
    protected ExitCode run(AetherFsClient client) throws InterruptedException {
        var job = AetherFsClient.call(() -> client.sources()
                .refreshSource(
                        RefreshSourceRequest.newBuilder().setSourceId(sourceId).build()));
        if (!noWait) {
            job = JobFollower.follow(client, job, progress("refresh " + sourceId, -1));
        }
        output().one(job, SourceViews.job(job));
        return ExitCode.OK;
    }
}
