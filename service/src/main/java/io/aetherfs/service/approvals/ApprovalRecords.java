package io.aetherfs.service.approvals;

import io.aetherfs.core.engine.RecordEvent;
import io.aetherfs.core.engine.RecordLayout;
import io.aetherfs.core.engine.RecordType;
import io.aetherfs.core.model.ApprovalId;
import io.aetherfs.core.model.EventType;
import java.util.HashMap;
import java.util.Map;

/** The stored kind of approvals: one record per approval under its session, in time order of the ids. */
final class ApprovalRecords {
    private ApprovalRecords() {}

    /**
     * Approvals by id ({@code r/{session}/approval/{apr_…}}); each write records the event of the state it
     * enters: APPROVAL_REQUESTED, _GRANTED, _DENIED, _CONSUMED or _STALE. A cancel records none of its own:
     * the session's SESSION_STATUS_CHANGED (trigger {@code cancel}) names the approval.
     */
    static final RecordType<ApprovalId, Approval> APPROVALS = RecordType.<ApprovalId, Approval>builder(
                    "approval", RecordLayout.perSession("approval"))
            .idPart(ApprovalId::value)
            .idOf(Approval::id)
            .json(Approval.class)
            .events(ApprovalRecords::event)
            .build();

    private static RecordEvent event(Approval before, Approval after) {
        if (after == null || before != null && before.state() == after.state()) {
            return null; // approvals go only with their session; a rewrite in the same state is no event
        }
        EventType type =
                switch (after.state()) {
                    case PENDING -> EventType.APPROVAL_REQUESTED;
                    case GRANTED -> EventType.APPROVAL_GRANTED;
                    case DENIED -> EventType.APPROVAL_DENIED;
                    case CONSUMED -> EventType.APPROVAL_CONSUMED;
                    case STALE -> EventType.APPROVAL_STALE;
                    case CANCELLED -> null;
                };
        if (type == null) {
            return null;
        }
        Map<String, Object> d = new HashMap<>();
        d.put("approvalId", after.id().value());
        d.put("reason", after.reason().wireName());
        d.put("fingerprint", after.fingerprint());
        switch (after.state()) {
            case GRANTED, DENIED -> {
                if (after.decisionComment() != null) {
                    d.put("comment", after.decisionComment());
                }
            }
            case CONSUMED -> d.put("consumedBy", after.consumedBy());
            default -> {}
        }
        return RecordEvent.of(type, null, d);
    }
}
