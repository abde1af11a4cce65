package io.aetherfs.server.grpc;

import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.aetherfs.core.error.ErrorCode;
import io.aetherfs.proto.v1.Approval;
import io.aetherfs.proto.v1.ApprovalReason;
import io.aetherfs.proto.v1.ApprovalState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Maps approvals (spec §6.6) and their enums, and turns request details (a Struct) into a JSON-compatible map. */
final class OversightMapping {
    private static final double MAX_EXACT_DOUBLE = 1L << 53;

    private OversightMapping() {}

    static Approval approval(io.aetherfs.service.approvals.Approval a) {
        var b = Approval.newBuilder()
                .setApprovalId(a.id().value())
                .setSessionId(a.sessionId().value())
                .setReason(EnumMapping.toProto(a.reason(), "APPROVAL_REASON_", ApprovalReason.class))
                .setDetails(EventMapping.struct(a.details()))
                .setComment(Wire.orEmpty(a.comment()))
                .setState(EnumMapping.toProto(a.state(), "APPROVAL_STATE_", ApprovalState.class))
                .setFingerprint(Wire.orEmpty(a.fingerprint()))
                .setRequestedBy(Wire.orEmpty(a.requestedBy()))
                .setDecidedBy(Wire.orEmpty(a.decidedBy()))
                .setDecisionComment(Wire.orEmpty(a.decisionComment()))
                .setConsumedBy(Wire.orEmpty(a.consumedBy()));
        if (a.requestedAt() != null) {
            b.setRequestedAt(ProtoTimes.of(a.requestedAt()));
        }
        if (a.decidedAt() != null) {
            b.setDecidedAt(ProtoTimes.of(a.decidedAt()));
        }
        if (a.consumedAt() != null) {
            b.setConsumedAt(ProtoTimes.of(a.consumedAt()));
        }
        if (a.staleAt() != null) {
            b.setStaleAt(ProtoTimes.of(a.staleAt()));
        }
        return b.build();
    }

    /** Returns the core reason of a request; null when unspecified. */
    static io.aetherfs.service.approvals.ApprovalReason reason(ApprovalReason r, String field) {
        return EnumMapping.toCoreOrNull(
                r,
                "APPROVAL_REASON_",
                io.aetherfs.service.approvals.ApprovalReason.class,
                field,
                ErrorCode.INVALID_ARGUMENT);
    }

    /** Returns the core state of a filter; null when unspecified. */
    static io.aetherfs.service.approvals.ApprovalState state(ApprovalState s) {
        return EnumMapping.toCoreOrNull(
                s,
                "APPROVAL_STATE_",
                io.aetherfs.service.approvals.ApprovalState.class,
                "state",
                ErrorCode.INVALID_ARGUMENT);
    }

    /** Returns the JSON-compatible map of a Struct: integral numbers that a double holds exactly become longs. */
    static Map<String, Object> map(Struct s) {
        Map<String, Object> out = new LinkedHashMap<>();
        s.getFieldsMap().forEach((k, v) -> out.put(k, value(v)));
        return out;
    }

    private static Object value(Value v) {
        return switch (v.getKindCase()) {
            case NULL_VALUE, KIND_NOT_SET -> null;
            case BOOL_VALUE -> v.getBoolValue();
            case STRING_VALUE -> v.getStringValue();
            case NUMBER_VALUE -> number(v.getNumberValue());
            case STRUCT_VALUE -> map(v.getStructValue());
            case LIST_VALUE -> list(v.getListValue());
        };
    }

    private static Object number(double d) {
        return d == Math.rint(d) && Math.abs(d) <= MAX_EXACT_DOUBLE ? (Object) (long) d : (Object) d;
    }

    private static List<Object> list(ListValue l) {
        List<Object> out = new ArrayList<>();
        l.getValuesList().forEach(v -> out.add(value(v)));
        return out;
    }
}
