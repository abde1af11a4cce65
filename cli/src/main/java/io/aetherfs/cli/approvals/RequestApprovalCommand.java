package io.aetherfs.cli.approvals;

import io.aetherfs.cli.ApiCommand;
import io.aetherfs.cli.EnumNames;
import io.aetherfs.cli.ExitCode;
import io.aetherfs.client.AetherFsClient;
import io.aetherfs.proto.v1.ApprovalReason;
import io.aetherfs.proto.v1.RequestApprovalRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code afs approvals request}: asks for an approval of the session's current tree. */
@Command(
        name = "request",
        mixinStandardHelpOptions = true,
        description = "Request an approval for the session's current tree (the session waits in PENDING_APPROVAL).")
final class RequestApprovalCommand extends ApiCommand {
    @Parameters(paramLabel = "SESSION_ID", description = "The session.")
    String sessionId;

    @Option(
            names = "--reason",
            paramLabel = "REASON",
            description = "COMMIT_TO_MAIN (default), PROMOTE_SOURCE, DESTRUCTIVE_CLEANUP, HIGH_IMPACT_CHANGE or OTHER.")
    String reason = "COMMIT_TO_MAIN";

    @Option(names = "--comment", paramLabel = "TEXT", description = "What the approver should know.")
    String comment = "";

    @Override
    protected ExitCode run(AetherFsClient client) {
        var approval = AetherFsClient.call(() -> client.oversight()
                .requestApproval(RequestApprovalRequest.newBuilder()
                        .setSessionId(sessionId)
                        .setReason(EnumNames.parse(ApprovalReason.class, "APPROVAL_REASON_", reason))
                        .setComment(comment)
                        .build()));
        output().one(approval, ApprovalViews.details(approval));
        return ExitCode.OK;
    }
}
