package io.aetherfs.cli.checkpoints;

import io.aetherfs.cli.ApiCommand;
import io.aetherfs.cli.ExitCode;
import io.aetherfs.cli.Formats;
import io.aetherfs.client.AetherFsClient;
import io.aetherfs.proto.v1.RestoreCheckpointRequest;
import io.aetherfs.proto.v1.Session;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code afs checkpoints restore}: replaces the session's working tree with a checkpoint's tree. */
@Command(
        name = "restore",
        mixinStandardHelpOptions = true,
        description = "Replace a session's working tree with a checkpoint's tree (clears a merge conflict).")
final class RestoreCheckpointCommand extends ApiCommand {
    @Parameters(index = "0", paramLabel = "SESSION_ID", description = "The session.")
    String sessionId;

    @Parameters(index = "1", paramLabel = "CHECKPOINT_ID", description = "The checkpoint (ckpt_...).")
    String checkpointId;

    @Option(names = "--safety-checkpoint", description = "Checkpoint the current tree first (before-restore-<time>).")
    boolean safety;

    @Override
    protected ExitCode run(AetherFsClient client) {
        Session session = AetherFsClient.call(() -> client.persistence()
                .restoreCheckpoint(RestoreCheckpointRequest.newBuilder()
                        .setSessionId(sessionId)
                        .setCheckpointId(checkpointId)
                        .setCreateSafetyCheckpoint(safety)
                        .build()));
        output().one(session, s -> output().out()
                .println("restored " + checkpointId + " into " + s.getId() + ": status "
                        + Formats.name(s.getStatus(), "SESSION_STATUS_") + ", fingerprint " + s.getFingerprint()));
        return ExitCode.OK;
    }
}
