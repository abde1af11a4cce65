package io.aetherfs.server.e2e.history;

import io.aetherfs.server.e2e.history.Replay.State;

/**
 * The reason the sequential model refuses an operation with, in a given state of its session (or
 * "none" when the model applies it), in the order the server checks: status first, then the
 * operation's own preconditions.
 */
final class Refusals {
    private Refusals() {}

    static String reason(Replay replay, State s, Op op) {
        return switch (op) {
            case Op.Checkpoint k -> k.name() != null && s.names().contains(k.name()) ? "ALREADY_EXISTS" : "none";
            case Op.Restore r ->
                replay.checkpoints.containsKey(r.checkpointId())
                                && op.session().equals(replay.checkpointSession.get(r.checkpointId()))
                        ? "none"
                        : "NOT_FOUND";
            case Op.Commit k -> {
                if (!s.status().equals("ACTIVE")) {
                    yield "SESSION_NOT_ACTIVE";
                }
                if (k.expectedFingerprint() != null
                        && !k.expectedFingerprint().equals(s.tree().fingerprint())) {
                    yield "STALE_FINGERPRINT";
                }
                boolean empty = ModelDiff.Stats.of(ModelDiff.between(s.lastCommit(), s.tree()))
                        .isEmpty();
                yield empty && !k.allowEmpty() ? "NOTHING_TO_COMMIT" : "none";
            }
            case Op.Merge m -> {
                Replay.SessionModel src = replay.sessions.get(m.source());
                boolean descends = src != null
                        && src.lineage.stream().anyMatch(f -> f.parent().equals(m.session()));
                yield m.fromChild() && !descends ? "NOT_A_DESCENDANT" : "none";
            }
            case Op.Fork f -> "none";
            case Op.Sync y -> {
                if (!s.status().equals("ACTIVE")) {
                    yield "SESSION_NOT_ACTIVE";
                }
                if (y.expectedFingerprint() != null
                        && !y.expectedFingerprint().equals(s.tree().fingerprint())) {
                    yield "STALE_FINGERPRINT";
                }
                yield ModelOps.apply(s.tree(), op) instanceof ModelOps.Fail f ? f.reason() : "none";
            }
            default -> {
                if (!s.status().equals("ACTIVE")) {
                    yield "SESSION_NOT_ACTIVE";
                }
                yield ModelOps.apply(s.tree(), op) instanceof ModelOps.Fail f ? f.reason() : "none";
            }
        };
    }
}
