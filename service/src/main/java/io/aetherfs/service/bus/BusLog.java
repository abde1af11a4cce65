package io.aetherfs.service.bus;

import io.aetherfs.core.engine.EngineRecords;
import io.aetherfs.core.engine.RecordPage;
import io.aetherfs.core.engine.RecordQuery;
import io.aetherfs.core.engine.RecordTx;
import io.aetherfs.core.engine.Records;
import io.aetherfs.core.engine.TenantRecords;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.model.Session;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.session.SessionAccess;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The bus records of the metadata store ({@link BusRecords}): the last {@code retention} messages of a
 * session and its head, the last sequence. Every node appends and reads these records directly, in
 * store transactions of their own, so nodes sharing a store share the bus. The session record is only
 * read, never written, so publishing never conflicts with the engine's session updates.
 */
final class BusLog {
    /** The most messages one read returns (at 256 KiB each, 16 MiB). */
    static final int PAGE = 64;

    private final Function<TenantId, TenantRecords> records;
    private final int retention;

    BusLog(Function<TenantId, TenantRecords> records, int retention) {
        this.records = records;
        this.retention = retention;
    }

    /**
     * Appends a message in one serializable transaction: checks that the caller may see the session and
     * that its status allows metadata writes (against the committed record, whichever node wrote it),
     * takes the next sequence from the head, stores the message and drops what falls out of retention.
     * Concurrent appends to one session, from any node, serialize on the head row.
     */
    BusMessage append(Caller caller, SessionId id, String topic, byte[] payload, String contentType, Instant at) {
        return records.apply(caller.tenant()).write(tx -> {
            Session s = tx.records(EngineRecords.SESSIONS, null)
                    .get(id)
                    .orElseThrow(() -> AfsException.notFound("session " + id + " not found"));
            SessionAccess.checkVisible(caller, s);
            SessionAccess.requireStatus(s, SessionAccess.METADATA_WRITABLE);
            long seq = head(tx, id) + 1;
            BusMessage m = new BusMessage(id, seq, topic, payload, contentType, caller.principal(), at);
            Records<Long, BusMessage> messages = tx.records(BusRecords.MESSAGES, id);
            messages.put(m);
            tx.records(BusRecords.HEADS, null).put(new BusRecords.Head(id, seq));
            long keepFrom = seq - retention + 1;
            if (keepFrom > 1) {
                messages.deleteRange(0L, keepFrom);
            }
            return m;
        });
    }

    /** What one read of a session found: its record (null when deleted) and messages in sequence order. */
    record Slice(Session record, List<BusMessage> messages) {}

    /** Reads, in one snapshot, the session record and up to {@link #PAGE} messages with after < sequence ≤ upTo. */
    Slice read(TenantId t, SessionId id, long after, long upTo) {
        return read(t, id, after, upTo, PAGE);
    }

    /** Reads like {@link #read(TenantId, SessionId, long, long)}, but at most {@code rows} messages. */
    Slice read(TenantId t, SessionId id, long after, long upTo, int rows) {
        return records.apply(t).read(tx -> {
            Session record = tx.records(EngineRecords.SESSIONS, null).get(id).orElse(null);
            List<BusMessage> out = List.of();
            if (record != null && upTo > after) {
                long end = upTo == Long.MAX_VALUE ? upTo : upTo + 1;
                RecordQuery<Long> q = RecordQuery.<Long>first(rows).until(end);
                out = tx.records(BusRecords.MESSAGES, id)
                        .list(after >= 0 ? q.after(after) : q)
                        .items();
            }
            return new Slice(record, out);
        });
    }

    /** A session's head and record (null when the session is gone). */
    record Probe(long head, Session record) {}

    /** Returns the head and record of each session, in one snapshot. */
    Map<SessionId, Probe> probe(TenantId t, Collection<SessionId> ids) {
        return records.apply(t).read(tx -> {
            Map<SessionId, Probe> out = new HashMap<>();
            Records<SessionId, Session> sessions = tx.records(EngineRecords.SESSIONS, null);
            for (SessionId id : ids) {
                out.put(id, new Probe(head(tx, id), sessions.get(id).orElse(null)));
            }
            return out;
        });
    }

    /** Returns the head of every session of the tenant that ever published. */
    Map<SessionId, Long> heads(TenantId t) {
        Records<SessionId, BusRecords.Head> heads = records.apply(t).of(BusRecords.HEADS, null);
        Map<SessionId, Long> out = new HashMap<>();
        RecordQuery<SessionId> q = RecordQuery.first(1000);
        while (true) {
            RecordPage<BusRecords.Head> page = heads.list(q);
            for (BusRecords.Head h : page.items()) {
                out.put(h.session(), h.sequence());
            }
            if (!page.more()) {
                return out;
            }
            q = q.after(page.items().getLast().session());
        }
    }

    private static long head(RecordTx tx, SessionId id) {
        return tx.records(BusRecords.HEADS, null)
                .get(id)
                .map(BusRecords.Head::sequence)
                .orElse(0L);
    }
}
