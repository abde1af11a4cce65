package io.aetherfs.service.bus;

import io.aetherfs.core.engine.KeySpace;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.model.Session;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.core.spi.KeyRange;
import io.aetherfs.core.spi.KeyValue;
import io.aetherfs.core.spi.MetaStore;
import io.aetherfs.core.spi.ReadTx;
import io.aetherfs.core.util.Json;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.session.SessionAccess;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The bus rows of the metadata store (keys in {@link KeySpace}): {@code b/{session}/{seq:016x}} holds
 * the last {@code retention} messages of a session and {@code bh/{session}} its last sequence. Every
 * node appends and reads these rows directly, so nodes sharing a store share the bus. The session
 * record is only read, never written, so publishing never conflicts with the engine's session updates.
 */
final class BusLog {
    /** The most messages one read returns (at 256 KiB each, 16 MiB). */
    static final int PAGE = 64;

    private final MetaStore meta;
    private final int retention;

    BusLog(MetaStore meta, int retention) {
        this.meta = meta;
        this.retention = retention;
    }

    /**
     * Appends a message in one serializable transaction: checks that the caller may see the session and
     * that its status allows metadata writes (against the committed record, whichever node wrote it),
     * takes the next sequence from the head, stores the message and drops what falls out of retention.
     * Concurrent appends to one session, from any node, serialize on the head row.
     */
    BusMessage append(Caller caller, SessionId id, String topic, byte[] payload, String contentType, Instant at) {
        TenantId t = caller.tenant();
        return meta.write(tx -> {
            Session s = tx.get(t, KeySpace.session(id))
                    .map(b -> Json.read(b, Session.class))
                    .orElseThrow(() -> AfsException.notFound("session " + id + " not found"));
            SessionAccess.checkVisible(caller, s);
            SessionAccess.requireStatus(s, SessionAccess.METADATA_WRITABLE);
            long seq = tx.get(t, KeySpace.busHead(id)).map(BusCodec::head).orElse(0L) + 1;
            BusMessage m = new BusMessage(id, seq, topic, payload, contentType, caller.principal(), at);
            tx.put(t, KeySpace.busMessage(id, seq), BusCodec.encode(m));
            tx.put(t, KeySpace.busHead(id), BusCodec.head(seq));
            long keepFrom = seq - retention + 1;
            if (keepFrom > 1) {
                tx.deleteRange(t, KeySpace.busMessages(id, 0, keepFrom));
            }
            return m;
        });
    }

    /** What one read of a session found: its record (null when deleted) and messages in sequence order. */
    record Slice(byte[] record, List<BusMessage> messages) {}

    /** Reads, in one snapshot, the session record and up to {@link #PAGE} messages with after < sequence ≤ upTo. */
    Slice read(TenantId t, SessionId id, long after, long upTo) {
        return read(t, id, after, upTo, PAGE);
    }

    /** Reads like {@link #read(TenantId, SessionId, long, long)}, but at most {@code rows} messages. */
    Slice read(TenantId t, SessionId id, long after, long upTo, int rows) {
        return meta.read(tx -> {
            byte[] record = tx.get(t, KeySpace.session(id)).orElse(null);
            List<BusMessage> out = new ArrayList<>();
            if (record != null && upTo > after) {
                long end = upTo == Long.MAX_VALUE ? upTo : upTo + 1;
                for (KeyValue kv : tx.scan(t, KeySpace.busMessages(id, after + 1, end), rows)) {
                    out.add(BusCodec.decode(id, sequenceOf(kv.key()), kv.value()));
                }
            }
            return new Slice(record, out);
        });
    }

    /** A session's head and record bytes (null when the session is gone). */
    record Probe(long head, byte[] record) {}

    /** Returns the head and record of each session, in one snapshot. */
    Map<SessionId, Probe> probe(TenantId t, Collection<SessionId> ids) {
        return meta.read(tx -> {
            Map<SessionId, Probe> out = new HashMap<>();
            for (SessionId id : ids) {
                out.put(
                        id,
                        new Probe(
                                head(tx, t, id), tx.get(t, KeySpace.session(id)).orElse(null)));
            }
            return out;
        });
    }

    /** Returns the head of every session of the tenant that ever published. */
    Map<SessionId, Long> heads(TenantId t) {
        Map<SessionId, Long> out = new HashMap<>();
        KeyRange range = KeySpace.busHeads();
        while (true) {
            KeyRange r = range;
            List<KeyValue> page = meta.read(tx -> tx.scan(t, r, 1000));
            for (KeyValue kv : page) {
                out.put(KeySpace.sessionOfBusHead(kv.key()), BusCodec.head(kv.value()));
            }
            if (page.size() < 1000) {
                return out;
            }
            range = range.after(page.getLast().key());
        }
    }

    private static long head(ReadTx tx, TenantId t, SessionId id) {
        return tx.get(t, KeySpace.busHead(id)).map(BusCodec::head).orElse(0L);
    }

    private static long sequenceOf(String key) {
        return Long.parseUnsignedLong(key.substring(key.length() - 16), 16);
    }
}
