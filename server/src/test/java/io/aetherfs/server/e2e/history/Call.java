package io.aetherfs.server.e2e.history;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One recorded request and its answer: who sent it (client {@code client}, its {@code index}-th
 * request), the {@link Op}, when it was sent and answered (on this JVM's monotonic clock for ordering
 * between clients, and on the wall clock to compare with the server's event times), the HTTP status (0
 * when no answer came: a transport error or timeout), the ErrorInfo reason, and the answer's JSON body
 * (or, for a file read, the SHA-256 of the bytes).
 */
public record Call(
        int client,
        int index,
        Op op,
        long startNanos,
        long endNanos,
        Instant startWall,
        Instant endWall,
        int status,
        String reason,
        String message,
        JsonNode body,
        String readHash) {

    /** How an answer bears on the state: applied, refused, or unknown. */
    public enum Outcome {
        /** 2xx: the effect happened, exactly once. */
        OK,
        /** 4xx: the effect did not happen. */
        REFUSED,
        /** 5xx or no answer: the effect happened once or not at all. */
        INDETERMINATE
    }

    public Outcome outcome() {
        if (status >= 200 && status < 300) {
            return Outcome.OK;
        }
        if (status >= 400 && status < 500) {
            return Outcome.REFUSED;
        }
        return Outcome.INDETERMINATE;
    }

    /** Returns the principal the client acts as. */
    public String principal() {
        return principal(client);
    }

    /** Returns the principal of client {@code c}. */
    public static String principal(int c) {
        return "c%02d".formatted(c);
    }

    /** Returns a one-line description for reports. */
    public String describe() {
        String answer = status == 0 ? "no answer (" + message + ")" : status + (reason == null ? "" : " " + reason);
        return principal() + "#" + index + " " + op.describe() + " on " + op.session() + " -> " + answer + " ["
                + startWall + " .. " + endWall + "]";
    }
}
