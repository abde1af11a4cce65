package io.aetherfs.core.engine;

import java.util.Optional;

/**
 * The records of one kind in one session (or tenant): typed reads and writes over the metadata store.
 * In a change, writes become durable with it and each records the event its kind derives; outside a
 * change ({@link Engine#records}) the view is read-only.
 */
public interface Records<I, R> {
    Optional<R> get(I id);

    /** Returns the record or throws NOT_FOUND naming the kind, the id and the session. */
    R require(I id);

    /** Creates or replaces the record under its own id. */
    void put(R record);

    /** Creates or replaces the record under {@code id} (for kinds whose value does not carry it). */
    void put(I id, R record);

    /** Deletes the record; returns whether it existed. */
    boolean delete(I id);

    /** Returns a page of records in id order (or reverse order), see {@link RecordQuery}. */
    RecordPage<R> list(RecordQuery<I> query);

    /**
     * Deletes every record with an id in [{@code from}, {@code to}) without reading them and without
     * events: the trimming of bounded logs (old bus messages).
     */
    void deleteRange(I from, I to);
}
