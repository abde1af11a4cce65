package io.aetherfs.cli.approvals;

import io.aetherfs.cli.GroupCommand;
import picocli.CommandLine.Command;

/** {@code afs approvals}: the approval commands of a session (commit, promotion and delete gates). */
@Command(
        name = "approvals",
        mixinStandardHelpOptions = true,
        description = "Request, list, grant and deny approvals of a session.",
        subcommands = {
            RequestApprovalCommand.class,
            ListApprovalsCommand.class,
            GrantApprovalCommand.class,
            DenyApprovalCommand.class
        })
public final class ApprovalsCommand extends GroupCommand {}
