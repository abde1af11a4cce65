package io.aetherfs.cli.sources;

import io.aetherfs.cli.ApiCommand;
import io.aetherfs.cli.ExitCode;
import io.aetherfs.client.AetherFsClient;
import io.aetherfs.proto.v1.StartImportRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code afs sources import}: starts an import job and follows it to its end (progress bar on a terminal). */
@Command(
        name = "import",
        mixinStandardHelpOptions = true,
        description = {
            "Import a source into a new revision and wait for the job (exit 1 when it fails).",
            "git and localfs sources import their origin; uploaded kinds name an --upload."
        })
final class ImportSourceCommand extends ApiCommand {
    @Parameters(paramLabel = "SOURCE_ID", description = "The source.")
    String sourceId;

    @Option(names = "--upload", paramLabel = "UPLOAD_ID", description = "The upload to import (uploaded kinds).")
    String uploadId = "";

    @Option(names = "--ref", paramLabel = "REF", description = "git: import this ref instead of the origin's.")
    String ref = "";

    @Option(names = "--no-wait", description = "Return the QUEUED job at once.")
    boolean noWait;

    @Override
    protected ExitCode run(AetherFsClient client) throws InterruptedException {
        var job = AetherFsClient.call(() -> client.sources()
                .startImport(StartImportRequest.newBuilder()
                        .setSourceId(sourceId)
                        .setUploadId(uploadId)
                        .setRef(ref)
                        .build()));
        if (!noWait) {
            job = JobFollower.follow(client, job, progress("import " + sourceId, -1));
        }
        output().one(job, SourceViews.job(job));
        return ExitCode.OK;
    }
}
