package io.aetherfs.cli.approvals;

import io.aetherfs.cli.ApiCommand;
import io.aetherfs.cli.EnumNames;
import io.aetherfs.cli.ExitCode;
import io.aetherfs.client.AetherFsClient;
import io.aetherfs.proto.v1.Approval;
import io.aetherfs.proto.v1.ApprovalState;
import io.aetherfs.proto.v1.ListApprovalsRequest;
import io.aetherfs.proto.v1.ListApprovalsResponse;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code afs approvals list}: lists a session's approvals, every page. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List a session's approvals.")
final class ListApprovalsCommand extends ApiCommand {
    @Parameters(paramLabel = "SESSION_ID", description = "The session.")
    String sessionId;

    @Option(
            names = "--state",
            paramLabel = "STATE",
            description = "Only PENDING, GRANTED, DENIED, CONSUMED, STALE or CANCELLED.")
    String state;

    @Override
    protected ExitCode run(AetherFsClient client) {
        ListApprovalsRequest.Builder req =
                ListApprovalsRequest.newBuilder().setSessionId(sessionId).setPageSize(1000);
        if (state != null) {
            req.setState(EnumNames.parse(ApprovalState.class, "APPROVAL_STATE_", state));
        }
        List<Approval> all = new ArrayList<>();
        String token = "";
        do {
            String page = token;
            ListApprovalsResponse r = AetherFsClient.call(() ->
                    client.oversight().listApprovals(req.setPageToken(page).build()));
            all.addAll(r.getApprovalsList());
            token = r.getNextPageToken();
        } while (!token.isEmpty());
        output().list(all, ApprovalViews.table(all));
        return ExitCode.OK;
    }
}
