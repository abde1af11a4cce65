package io.aetherfs.cli.sources;

import io.aetherfs.cli.ApiCommand;
import io.aetherfs.cli.ExitCode;
import io.aetherfs.client.AetherFsClient;
import io.aetherfs.proto.v1.PromoteSessionRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code afs sources promote}: turns a session's tree (or one of its commits) into a new revision of a source. */
@Command(
        name = "promote",
        mixinStandardHelpOptions = true,
        description = {
            "Promote a session's working tree (or --commit) to a new revision of a source, and wait for the job.",
            "A session whose capabilities ask for approvals needs a granted PROMOTE_SOURCE approval first."
        })
final class PromoteSessionCommand extends ApiCommand {
    @Parameters(index = "0", paramLabel = "SOURCE_ID", description = "The source that gets the revision.")
    String sourceId;

    @Parameters(index = "1", paramLabel = "SESSION_ID", description = "The session to promote.")
    String sessionId;

    @Option(names = "--commit", paramLabel = "COMMIT_ID", description = "Promote this commit's tree instead.")
    String commitId = "";

    @Option(names = "--description", paramLabel = "TEXT", description = "Description of the revision.")
    String description = "";

    @Option(names = "--no-wait", description = "Return the QUEUED job at once.")
    boolean noWait;

    @Override
    protected ExitCode run(AetherFsClient client) throws InterruptedException {
        var job = AetherFsClient.call(() -> client.sources()
                .promoteSession(PromoteSessionRequest.newBuilder()
                        .setSourceId(sourceId)
                        .setSessionId(sessionId)
                        .setCommitId(commitId)
                        .setDescription(description)
                        .build()));
        if (!noWait) {
            job = JobFollower.follow(client, job, progress("promote " + sessionId, -1));
        }
        output().one(job, SourceViews.job(job));
        return ExitCode.OK;
    }
}
