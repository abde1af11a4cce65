package io.aetherfs.cli.approvals;

import io.aetherfs.cli.ApiCommand;
import io.aetherfs.cli.ExitCode;
import io.aetherfs.client.AetherFsClient;
import io.aetherfs.proto.v1.GrantApprovalRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code afs approvals grant}: decides a pending approval. */
@Command(name = "grant", mixinStandardHelpOptions = true, description = "Grant a pending approval.")
final class GrantApprovalCommand extends ApiCommand {
    @Parameters(index = "0", paramLabel = "SESSION_ID", description = "The session.")
    String sessionId;

    @Parameters(index = "1", paramLabel = "APPROVAL_ID", description = "The approval (apr_...).")
    String approvalId;

    @Option(names = "--comment", paramLabel = "TEXT", description = "Why.")
    String comment = "";

    @Override
    protected ExitCode run(AetherFsClient client) {
        var approval = AetherFsClient.call(() -> client.oversight()
                .grantApproval(GrantApprovalRequest.newBuilder()
                        .setSessionId(sessionId)
                        .setApprovalId(approvalId)
                        .setComment(comment)
                        .build()));
        output().one(approval, ApprovalViews.details(approval));
        return ExitCode.OK;
    }
}
