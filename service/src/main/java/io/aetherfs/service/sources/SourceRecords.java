package io.aetherfs.service.sources;

import io.aetherfs.core.engine.ChangeContext;
import io.aetherfs.core.engine.RecordEvent;
import io.aetherfs.core.engine.RecordLayout;
import io.aetherfs.core.engine.RecordPage;
import io.aetherfs.core.engine.RecordQuery;
import io.aetherfs.core.engine.RecordType;
import io.aetherfs.core.engine.Records;
import io.aetherfs.core.model.EventId;
import io.aetherfs.core.model.EventType;
import io.aetherfs.core.model.SourceId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The stored kinds of sources, all per tenant: sources by id ({@code t/source/{source}}) and, under
 * each source, its revisions, jobs, uploads and event stream ({@code t/<kind>/{source}/{child}}), plus
 * the queue index of unfinished work ({@code t/source-work/{subject}}). None records session events:
 * a source's events go to its own stream, written by {@link #save} in the same change.
 */
final class SourceRecords {
    private SourceRecords() {}

    /** The id of a record that belongs to one source: its key part is {@code {source}/{child}}. */
    record ChildKey(SourceId source, String child) {
        String part() {
            return source.value() + "/" + child;
        }

        /** Returns the key that sorts after every child of {@code source}. */
        static ChildKey end(SourceId source) {
            return new ChildKey(source, "~");
        }
    }

    /** Unfinished work to (re)enqueue on the job queue: a job of {@code kind} on {@code subject}. */
    record Work(String kind, String subject) {}

    static final RecordType<SourceId, Source> SOURCES = RecordType.<SourceId, Source>builder(
                    "source", RecordLayout.perTenant("source"))
            .idPart(SourceId::value)
            .idOf(Source::id)
            .json(Source.class)
            .events(RecordEvent.Rule.none())
            .build();

    static final RecordType<ChildKey, Revision> REVISIONS =
            child("revision", RecordLayout.SOURCE_REVISIONS, Revision.class);
    static final RecordType<ChildKey, SourceJob> JOBS =
            child("source job", RecordLayout.perTenant("source-job"), SourceJob.class);
    static final RecordType<ChildKey, Upload> UPLOADS = child("upload", RecordLayout.SOURCE_UPLOADS, Upload.class);
    static final RecordType<ChildKey, SourceEvent> EVENTS =
            child("source event", RecordLayout.perTenant("source-event"), SourceEvent.class);

    static final RecordType<String, Work> WORK = RecordType.<String, Work>builder(
                    "source work", RecordLayout.perTenant("source-work"))
            .idPart(s -> s)
            .idOf(Work::subject)
            .json(Work.class)
            .events(RecordEvent.Rule.none())
            .build();

    private static <R> RecordType<ChildKey, R> child(String name, RecordLayout layout, Class<R> type) {
        return RecordType.<ChildKey, R>builder(name, layout)
                .idPart(ChildKey::part)
                .json(type)
                .events(RecordEvent.Rule.none())
                .build();
    }

    /** Returns the key part of an event sequence: 16 hex digits, so keys order as sequences do. */
    static String seq(long sequence) {
        return RecordType.ordered(sequence);
    }

    /**
     * Writes {@code next} and appends one event of {@code type} to its stream (the next gapless sequence)
     * in the same change; returns the record as written.
     */
    static Source save(ChangeContext ctx, Source next, EventType type, Map<String, Object> details) {
        long seq = next.eventSeq() + 1;
        SourceEvent e = new SourceEvent(
                EventId.generate(ctx.ids()), next.id(), seq, type, ctx.actor(), ctx.now(), null, details);
        ctx.records(EVENTS, null).put(new ChildKey(next.id(), seq(seq)), e);
        Source s = next.withEventSeq(seq);
        ctx.records(SOURCES, null).put(s);
        return s;
    }

    /**
     * Returns up to {@code limit} children of {@code source}, newest (highest key) first, after the child
     * {@code after} (null: from the newest), and whether more follow.
     */
    static <R> RecordPage<R> newestFirst(
            Records<ChildKey, R> records, SourceId source, String after, int limit, Function<R, SourceId> owner) {
        RecordQuery<ChildKey> q = RecordQuery.<ChildKey>last(limit)
                .until(ChildKey.end(source))
                .after(after == null ? null : new ChildKey(source, after));
        RecordPage<R> page = records.list(q);
        List<R> mine = new ArrayList<>();
        for (R r : page.items()) {
            if (!owner.apply(r).equals(source)) {
                return new RecordPage<>(mine, false); // the listing ran into the previous source's records
            }
            mine.add(r);
        }
        return new RecordPage<>(mine, page.more());
    }
}
