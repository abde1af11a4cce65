package io.aetherfs.service.session;

import io.aetherfs.core.engine.RecordCodec;
import io.aetherfs.core.engine.RecordEvent;
import io.aetherfs.core.engine.RecordLayout;
import io.aetherfs.core.engine.RecordType;
import io.aetherfs.core.model.SessionId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The stored kinds the session lifecycle keeps beside the session records: the expiry index, the
 * tenant's session count and the markers of pending transitions. Each is written as part of a change
 * whose own event says what happened, so none records an event.
 */
final class SessionRecords {
    private SessionRecords() {}

    /** An entry of the expiry index: {@code session} is due at {@code at} (millisecond precision). */
    record Expiry(Instant at, SessionId session) {}

    /** The expiry index, in order of due time: {@code ttl/{at:013d}/{session}}, an empty value. */
    static final RecordType<Expiry, Expiry> EXPIRY = RecordType.<Expiry, Expiry>builder(
                    "expiry entry", RecordLayout.EXPIRY)
            .idPart(e -> {
                String ms = Long.toString(Math.max(0, e.at().toEpochMilli()));
                return "0000000000000".substring(Math.min(13, ms.length())) + ms + "/"
                        + e.session().value();
            })
            .idOf(e -> e)
            .codec(new RecordCodec<>() {
                @Override
                public byte[] encode(Expiry e) {
                    return new byte[0];
                }

                @Override
                public Expiry decode(SessionId session, String idPart, byte[] value) {
                    int slash = idPart.indexOf('/');
                    return new Expiry(
                            Instant.ofEpochMilli(Long.parseLong(idPart.substring(0, slash))),
                            new SessionId(idPart.substring(slash + 1)));
                }
            })
            .events(RecordEvent.Rule.none())
            .build();

    /** Returns the first expiry entry after every entry due at or before {@code now}: a listing's end. */
    static Expiry dueAfter(Instant now) {
        return new Expiry(now.plusMillis(1), new SessionId("sess_00000000000000000000000000"));
    }

    /** The tenant's counters by name ({@code meta/{name}}), each an 8-byte big-endian number. */
    static final RecordType<String, Long> COUNTERS = RecordType.<String, Long>builder("counter", RecordLayout.COUNTERS)
            .idPart(name -> name)
            .codec(RecordCodec.int64())
            .events(RecordEvent.Rule.none())
            .build();

    /** The counter of the tenant's sessions, which the session quota checks. */
    static final String SESSION_COUNT = "sessions";

    /** A session in ARCHIVING or HYDRATING, waiting for the job of kind {@code jobKind} to finish it. */
    record PendingTransition(SessionId session, String jobKind) {}

    /**
     * Pending transitions by session ({@code pt/{session}}, the job kind as ASCII), written and removed
     * with the status itself, so a sweep finds every transition whose job may have been lost.
     */
    static final RecordType<SessionId, PendingTransition> PENDING_TRANSITIONS =
            RecordType.<SessionId, PendingTransition>builder("pending transition", RecordLayout.PENDING_TRANSITIONS)
                    .idPart(SessionId::value)
                    .idOf(PendingTransition::session)
                    .codec(new RecordCodec<>() {
                        @Override
                        public byte[] encode(PendingTransition p) {
                            return p.jobKind().getBytes(StandardCharsets.US_ASCII);
                        }

                        @Override
                        public PendingTransition decode(SessionId none, String idPart, byte[] value) {
                            return new PendingTransition(
                                    new SessionId(idPart), new String(value, StandardCharsets.US_ASCII));
                        }
                    })
                    .events(RecordEvent.Rule.none())
                    .build();
}
