package io.aetherfs.service.bus;

import io.aetherfs.core.engine.RecordCodec;
import io.aetherfs.core.engine.RecordEvent;
import io.aetherfs.core.engine.RecordLayout;
import io.aetherfs.core.engine.RecordType;
import io.aetherfs.core.model.SessionId;

/**
 * The stored kinds of the bus: each session's retained messages and its head. Both are written by
 * {@link BusLog} in store transactions of their own, outside the committer, so they record no events
 * (a message is not a change of the session); their bytes are {@link BusCodec}'s.
 */
final class BusRecords {
    private BusRecords() {}

    /** A session's bus head: the last sequence published to it. */
    record Head(SessionId session, long sequence) {}

    /** Messages of a session by sequence ({@code b/{session}/{seq:016x}}); the value is {@link BusCodec}'s binary form. */
    static final RecordType<Long, BusMessage> MESSAGES = RecordType.<Long, BusMessage>builder(
                    "bus message", RecordLayout.BUS_MESSAGES)
            .idPart(RecordType::ordered)
            .idOf(BusMessage::sequence)
            .codec(new RecordCodec<>() {
                @Override
                public byte[] encode(BusMessage m) {
                    return BusCodec.encode(m);
                }

                @Override
                public BusMessage decode(SessionId session, String idPart, byte[] value) {
                    return BusCodec.decode(session, Long.parseUnsignedLong(idPart, 16), value);
                }
            })
            .events(RecordEvent.Rule.none())
            .build();

    /** The heads of a tenant's sessions ({@code bh/{session}}, 8 big-endian bytes), one per session that published. */
    static final RecordType<SessionId, Head> HEADS = RecordType.<SessionId, Head>builder(
                    "bus head", RecordLayout.BUS_HEADS)
            .idPart(SessionId::value)
            .idOf(Head::session)
            .codec(new RecordCodec<>() {
                @Override
                public byte[] encode(Head h) {
                    return BusCodec.head(h.sequence());
                }

                @Override
                public Head decode(SessionId session, String idPart, byte[] value) {
                    return new Head(new SessionId(idPart), BusCodec.head(value));
                }
            })
            .events(RecordEvent.Rule.none())
            .build();
}
