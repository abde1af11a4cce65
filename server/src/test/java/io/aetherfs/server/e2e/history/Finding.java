package io.aetherfs.server.e2e.history;

import java.util.List;

/**
 * One thing the checker found wrong with a history: what kind of violation, the call it concerns
 * (null for an effect no call explains), the session and event position, a message, and the events
 * of that session around the position.
 */
public record Finding(Kind kind, Call call, String session, long seq, String message, List<Event> around) {
    /** The kinds of violation. */
    public enum Kind {
        /** A 5xx answer or no answer (transport error, timeout). */
        SERVER_ERROR,
        /** A 409 ABORTED: refused for contention, which the server promises not to do. */
        CONTENTION,
        /** An acknowledged operation whose effect (event or state) is missing. */
        MISSING_EFFECT,
        /** An event or state change no acknowledged (or unanswered) operation explains. */
        UNEXPLAINED_EFFECT,
        /** An operation applied although its precondition (expected hash, fingerprint, status…) did not hold. */
        PRECONDITION_VIOLATED,
        /** An answer or event whose content differs from what the sequential model gives. */
        WRONG_RESULT,
        /** A refusal that no state within the operation's window justifies. */
        UNJUSTIFIED_REFUSAL,
        /** A read that returned no state within its window (stale, or from the future). */
        NON_LINEARIZABLE_READ,
        /** An operation ordered before one that was acknowledged before it began. */
        REAL_TIME_ORDER,
        /** The final manifest or a checkpoint's tree differs from the model. */
        FINAL_STATE
    }

    /** Returns the finding as report text (with the events around it). */
    public String describe() {
        StringBuilder sb = new StringBuilder().append(kind).append(": ").append(message);
        if (call != null) {
            sb.append("\n    call: ").append(call.describe());
        }
        if (session != null) {
            sb.append("\n    session ").append(session).append(seq > 0 ? " at event #" + seq : "");
        }
        for (Event e : around) {
            sb.append("\n      ").append(e.seq() == seq ? "> " : "  ").append(e.describe());
        }
        return sb.toString();
    }
}
