package io.aetherfs.core.engine;

import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.spi.KeyRange;
import io.aetherfs.core.spi.KeyValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link Records} of one kind and session over a {@link RecordKv}; derives each write's event. */
final class StoredRecords<I, R> implements Records<I, R> {
    private final RecordType<I, R> type;
    private final SessionId session;
    private final RecordKv kv;

    StoredRecords(RecordType<I, R> type, SessionId session, RecordKv kv) {
        this.type = type;
        this.session = session;
        this.kv = kv;
        type.layout().all(session); // checks that the session is given exactly for per-session kinds
    }

    @Override
    public Optional<R> get(I id) {
        String part = type.idPart(id);
        return kv.get(type.layout().key(session, part)).map(v -> type.codec().decode(session, part, v));
    }

    @Override
    public R require(I id) {
        return get(id).orElseThrow(() -> AfsException.notFound(type.name() + " " + type.idPart(id) + " not found"
                + (session == null ? "" : " in session " + session)));
    }

    @Override
    public void put(R record) {
        put(type.idOf(record), record);
    }

    @Override
    public void put(I id, R record) {
        checkWritable();
        R before = type.events() == RecordEvent.NONE ? null : get(id).orElse(null);
        kv.put(type.layout().key(session, type.idPart(id)), type.codec().encode(record));
        record(type.events().derive(before, record));
    }

    @Override
    public boolean delete(I id) {
        checkWritable();
        R before = get(id).orElse(null);
        if (before == null) {
            return false;
        }
        kv.delete(type.layout().key(session, type.idPart(id)));
        record(type.events().derive(before, null));
        return true;
    }

    @Override
    public RecordPage<R> list(RecordQuery<I> q) {
        KeyRange all = type.layout().all(session);
        KeyRange range = q.until() == null ? all : KeyRange.of(all.from(), key(q.until()));
        if (q.reversed()) {
            range = range.reversed();
        }
        if (q.after() != null) {
            range = range.after(key(q.after()));
        }
        List<KeyValue> rows = kv.scan(range, q.limit() + 1);
        List<R> items = new ArrayList<>(Math.min(rows.size(), q.limit()));
        for (KeyValue row : rows.subList(0, Math.min(rows.size(), q.limit()))) {
            items.add(type.codec().decode(session, type.layout().idPart(session, row.key()), row.value()));
        }
        return new RecordPage<>(items, rows.size() > q.limit());
    }

    @Override
    public void deleteRange(I from, I to) {
        checkWritable();
        kv.deleteRange(KeyRange.of(key(from), key(to)));
    }

    private String key(I id) {
        return type.layout().key(session, type.idPart(id));
    }

    private void checkWritable() {
        if (type.engineWritten()) {
            throw new IllegalStateException(type.name() + " records are written by the engine only");
        }
    }

    private void record(RecordEvent e) {
        if (e == null) {
            return;
        }
        SessionId target = e.session() != null ? e.session() : session;
        if (target == null) {
            throw new IllegalStateException("an event of a " + type.name() + " record must name its session");
        }
        kv.record(target, e);
    }
}
