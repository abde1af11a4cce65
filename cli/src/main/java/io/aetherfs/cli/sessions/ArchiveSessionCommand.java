package io.aetherfs.cli.sessions;

import io.aetherfs.cli.ApiCommand;
import io.aetherfs.cli.ExitCode;
import io.aetherfs.client.AetherFsClient;
import io.aetherfs.proto.v1.ArchiveSessionRequest;
import io.aetherfs.proto.v1.Session;
import io.aetherfs.proto.v1.SessionStatus;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code afs sessions archive}: starts the transition, and with {@code --wait} returns once it is ARCHIVED. */
@Command(
        name = "archive",
        mixinStandardHelpOptions = true,
        description = "Archive an ACTIVE session (ARCHIVING, then ARCHIVED).")
final class ArchiveSessionCommand extends ApiCommand {
    @Parameters(paramLabel = "SESSION_ID", description = "The session.")
    String sessionId;

    @Option(names = "--wait", description = "Return only once the session is ARCHIVED.")
    boolean await;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "How long --wait waits (default 300).")
    long timeoutSeconds = 300;

    @Override
    protected ExitCode run(AetherFsClient client) throws InterruptedException {
        Session session = AetherFsClient.call(() -> client.sessions()
                .archiveSession(ArchiveSessionRequest.newBuilder()
                        .setSessionId(sessionId)
                        .build()));
        if (await) {
            session = SessionWait.until(
                    client, sessionId, SessionStatus.SESSION_STATUS_ARCHIVED, Duration.ofSeconds(timeoutSeconds));
        }
        output().one(session, SessionViews.details(session));
        return ExitCode.OK;
    }
}
