package io.aetherfs.cli.sessions;

import io.aetherfs.cli.ApiCommand;
import io.aetherfs.cli.ExitCode;
import io.aetherfs.client.AetherFsClient;
import io.aetherfs.proto.v1.DeleteSessionRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code afs sessions delete}: deletes a session and all of its state. */
@Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a session and all of its state.")
final class DeleteSessionCommand extends ApiCommand {
    @Parameters(paramLabel = "SESSION_ID", description = "The session.")
    String sessionId;

    @Override
    protected ExitCode run(AetherFsClient client) {
        AetherFsClient.call(() -> client.sessions()
                .deleteSession(DeleteSessionRequest.newBuilder()
                        .setSessionId(sessionId)
                        .build()));
        output().out().println(output().json() ? "{}" : "deleted " + sessionId);
        return ExitCode.OK;
    }
}
