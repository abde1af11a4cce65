package io.aetherfs.cli.sources;

import io.aetherfs.cli.ApiCommand;
import io.aetherfs.cli.EnumNames;
import io.aetherfs.cli.ExitCode;
import io.aetherfs.client.AetherFsClient;
import io.aetherfs.proto.v1.GetJobRequest;
import io.aetherfs.proto.v1.ListJobsRequest;
import io.aetherfs.proto.v1.ListJobsResponse;
import io.aetherfs.proto.v1.SourceJob;
import io.aetherfs.proto.v1.UnderlayImportJobState;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code afs sources jobs}: lists a source's jobs, or shows one. */
@Command(name = "jobs", mixinStandardHelpOptions = true, description = "List a source's jobs, or show one.")
final class ListJobsCommand extends ApiCommand {
    @Parameters(index = "0", paramLabel = "SOURCE_ID", description = "The source.")
    String sourceId;

    @Parameters(index = "1", arity = "0..1", paramLabel = "JOB_ID", description = "Show only this job.")
    String jobId;

    @Option(names = "--state", paramLabel = "STATE", description = "Only QUEUED, RUNNING, SUCCEEDED or FAILED jobs.")
    String state;

    @Override
    protected ExitCode run(AetherFsClient client) {
        if (jobId != null) {
            SourceJob job = AetherFsClient.call(() -> client.sources()
                    .getJob(GetJobRequest.newBuilder()
                            .setSourceId(sourceId)
                            .setJobId(jobId)
                            .build()));
            output().one(job, SourceViews.job(job));
            return ExitCode.OK;
        }
        ListJobsRequest.Builder req =
                ListJobsRequest.newBuilder().setSourceId(sourceId).setPageSize(1000);
        if (state != null) {
            req.setState(EnumNames.parse(UnderlayImportJobState.class, "UNDERLAY_IMPORT_JOB_STATE_", state));
        }
        List<SourceJob> all = new ArrayList<>();
        String token = "";
        do {
            String page = token;
            ListJobsResponse r = AetherFsClient.call(
                    () -> client.sources().listJobs(req.setPageToken(page).build()));
            all.addAll(r.getJobsList());
            token = r.getNextPageToken();
        } while (!token.isEmpty());
        output().list(all, SourceViews.jobs(all));
        return ExitCode.OK;
    }
}
