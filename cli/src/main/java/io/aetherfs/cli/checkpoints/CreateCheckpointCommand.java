package io.aetherfs.cli.checkpoints;

import io.aetherfs.cli.ApiCommand;
import io.aetherfs.cli.ExitCode;
import io.aetherfs.client.AetherFsClient;
import io.aetherfs.proto.v1.CreateCheckpointRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code afs checkpoints create}: records the session's current tree as a checkpoint. */
@Command(name = "create", mixinStandardHelpOptions = true, description = "Checkpoint a session's current tree.")
final class CreateCheckpointCommand extends ApiCommand {
    @Parameters(paramLabel = "SESSION_ID", description = "The session.")
    String sessionId;

    @Option(names = "--name", paramLabel = "NAME", description = "A name, unique in the session.")
    String name = "";

    @Option(names = "--description", paramLabel = "TEXT", description = "Free-form description.")
    String description = "";

    @Override
    protected ExitCode run(AetherFsClient client) {
        var checkpoint = AetherFsClient.call(() -> client.persistence()
                .createCheckpoint(CreateCheckpointRequest.newBuilder()
                        .setSessionId(sessionId)
                        .setName(name)
                        .setDescription(description)
                        .build()));
        output().one(checkpoint, CheckpointViews.details(checkpoint));
        return ExitCode.OK;
    }
}
