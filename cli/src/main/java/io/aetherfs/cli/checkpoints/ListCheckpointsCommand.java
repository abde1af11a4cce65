package io.aetherfs.cli.checkpoints;

import io.aetherfs.cli.ApiCommand;
import io.aetherfs.cli.ExitCode;
import io.aetherfs.client.AetherFsClient;
import io.aetherfs.proto.v1.Checkpoint;
import io.aetherfs.proto.v1.ListCheckpointsRequest;
import io.aetherfs.proto.v1.ListCheckpointsResponse;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code afs checkpoints list}: lists a session's checkpoints, newest first, every page. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List a session's checkpoints, newest first.")
final class ListCheckpointsCommand extends ApiCommand {
    @Parameters(paramLabel = "SESSION_ID", description = "The session.")
    String sessionId;

    @Override
    protected ExitCode run(AetherFsClient client) {
        List<Checkpoint> all = new ArrayList<>();
        String token = "";
        do {
            var req = ListCheckpointsRequest.newBuilder()
                    .setSessionId(sessionId)
                    .setPageSize(1000)
                    .setPageToken(token)
                    .build();
            ListCheckpointsResponse r =
                    AetherFsClient.call(() -> client.persistence().listCheckpoints(req));
            all.addAll(r.getCheckpointsList());
            token = r.getNextPageToken();
        } while (!token.isEmpty());
        output().list(all, CheckpointViews.table(all));
        return ExitCode.OK;
    }
}
