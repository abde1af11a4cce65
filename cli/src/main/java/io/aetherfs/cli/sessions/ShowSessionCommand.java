package io.aetherfs.cli.sessions;

import io.aetherfs.cli.ApiCommand;
import io.aetherfs.cli.ExitCode;
import io.aetherfs.client.AetherFsClient;
import io.aetherfs.proto.v1.GetSessionRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code afs sessions show}: prints one session. */
@Command(name = "show", mixinStandardHelpOptions = true, description = "Show one session.")
final class ShowSessionCommand extends ApiCommand {
    @Parameters(paramLabel = "SESSION_ID", description = "The session (sess_...).")
    String sessionId;

    @Override
    protected ExitCode run(AetherFsClient client) {
        var session = AetherFsClient.call(() -> client.sessions()
                .getSession(
                        GetSessionRequest.newBuilder().setSessionId(sessionId).build()));
        output().one(session, SessionViews.details(session));
        return ExitCode.OK;
    }
}
