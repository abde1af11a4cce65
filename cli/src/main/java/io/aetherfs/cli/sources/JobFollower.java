package io.aetherfs.cli.sources;

import io.aetherfs.cli.CliException;
import io.aetherfs.cli.ExitCode;
import io.aetherfs.cli.Progress;
import io.aetherfs.client.AetherFsClient;
import io.aetherfs.proto.v1.GetJobRequest;
import io.aetherfs.proto.v1.SourceJob;
import io.aetherfs.proto.v1.UnderlayImportJobState;

/**
 * Follows a source job (import, refresh, promotion) until it SUCCEEDS or FAILS by polling GetJob, feeding its
 * {@code bytesProcessed} to a progress bar; a FAILED job becomes a {@link CliException} naming its error code.
 */
final class JobFollower {
    private JobFollower() {}

    /** Returns the job once it succeeded; throws (exit 1) with its error code and message when it failed. */
    static SourceJob follow(AetherFsClient client, SourceJob job, Progress progress) throws InterruptedException {
        long pause = 50;
        try (progress) {
            while (!finished(job)) {
                progress.update(job.getBytesProcessed());
                Thread.sleep(pause);
                pause = Math.min(pause * 2, 500);
                GetJobRequest req = GetJobRequest.newBuilder()
                        .setSourceId(job.getSourceId())
                        .setJobId(job.getJobId())
                        .build();
                job = AetherFsClient.call(() -> client.sources().getJob(req));
            }
            progress.update(job.getBytesProcessed());
        }
        if (job.getState() == UnderlayImportJobState.UNDERLAY_IMPORT_JOB_STATE_FAILED) {
            throw new CliException(
                    ExitCode.FAILURE,
                    "job " + job.getJobId() + " of source " + job.getSourceId() + " failed: " + job.getErrorCode()
                            + ": " + job.getErrorMessage() + "; see `afs sources jobs " + job.getSourceId() + "`");
        }
        return job;
    }

    static boolean finished(SourceJob job) {
        return job.getState() == UnderlayImportJobState.UNDERLAY_IMPORT_JOB_STATE_SUCCEEDED
                || job.getState() == UnderlayImportJobState.UNDERLAY_IMPORT_JOB_STATE_FAILED;
    }
}
