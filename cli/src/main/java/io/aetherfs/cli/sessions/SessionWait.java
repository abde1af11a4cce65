package io.aetherfs.cli.sessions;

import io.aetherfs.cli.CliException;
import io.aetherfs.cli.ExitCode;
import io.aetherfs.client.AetherFsClient;
import io.aetherfs.proto.v1.GetSessionRequest;
import io.aetherfs.proto.v1.Session;
import io.aetherfs.proto.v1.SessionStatus;
import java.time.Duration;

/** Waits for a session's status transition (archive, hydrate) to reach its end status by polling GetSession. */
final class SessionWait {
    private SessionWait() {}

    /** Returns the session once it is in {@code target}; fails when the timeout passes first. */
    static Session until(AetherFsClient client, String sessionId, SessionStatus target, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 50;
        while (true) {
            Session s = AetherFsClient.call(() -> client.sessions()
                    .getSession(GetSessionRequest.newBuilder()
                            .setSessionId(sessionId)
                            .build()));
            if (s.getStatus() == target) {
                return s;
            }
            if (System.nanoTime() > deadline) {
                throw new CliException(
                        ExitCode.FAILURE,
                        "session " + sessionId + " is still " + SessionViews.status(s.getStatus()) + " after "
                                + timeout.toSeconds() + " s, not " + SessionViews.status(target)
                                + "; check again with `afs sessions show " + sessionId + "`");
            }
            Thread.sleep(pause);
            pause = Math.min(pause * 2, 1000);
        }
    }
}
