package io.aetherfs.cli.approvals;

import io.aetherfs.cli.Details;
import io.aetherfs.cli.Formats;
import io.aetherfs.cli.Table;
import io.aetherfs.proto.v1.Approval;
import java.util.List;

/** The human forms of approvals. */
final class ApprovalViews {
    private ApprovalViews() {}

    static Table table(List<Approval> approvals) {
        Table t = new Table("ID", "REASON", "STATE", "REQUESTED BY", "DECIDED BY", "REQUESTED");
        for (Approval a : approvals) {
            t.row(
                    a.getApprovalId(),
                    Formats.name(a.getReason(), "APPROVAL_REASON_"),
                    Formats.name(a.getState(), "APPROVAL_STATE_"),
                    a.getRequestedBy(),
                    a.getDecidedBy(),
                    Formats.time(a.getRequestedAt()));
        }
        return t;
    }

    static Details details(Approval a) {
        return new Details()
                .add("id", a.getApprovalId())
                .add("session", a.getSessionId())
                .add("reason", Formats.name(a.getReason(), "APPROVAL_REASON_"))
                .add("state", Formats.name(a.getState(), "APPROVAL_STATE_"))
                .add("fingerprint", a.getFingerprint())
                .add("comment", a.getComment())
                .add("requested by", a.getRequestedBy())
                .add("requested", Formats.time(a.getRequestedAt()))
                .add("decided by", a.getDecidedBy())
                .add("decided", Formats.time(a.getDecidedAt()))
                .add("decision comment", a.getDecisionComment())
                .add("consumed by", a.getConsumedBy());
    }
}
