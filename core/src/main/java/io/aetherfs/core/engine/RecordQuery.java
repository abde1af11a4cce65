package io.aetherfs.core.engine;

/**
 * Which records a listing returns: at most {@code limit}, in id order or reversed, starting after the
 * id {@code after} (in listing order; null from the first) and ending before the id {@code until} (in id
 * order, exclusive; null for no bound).
 */
public record RecordQuery<I>(I after, I until, int limit, boolean reversed) {
    public RecordQuery {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
    }

    /** Returns the first {@code limit} records in id order. */
    public static <I> RecordQuery<I> first(int limit) {
        return new RecordQuery<>(null, null, limit, false);
    }

    /** Returns the first {@code limit} records in reverse id order (newest first for time-ordered ids). */
    public static <I> RecordQuery<I> last(int limit) {
        return new RecordQuery<>(null, null, limit, true);
    }

    /** Returns this query continuing after {@code id} (a page token's position); null keeps it. */
    public RecordQuery<I> after(I id) {
        return new RecordQuery<>(id, until, limit, reversed);
    }

    /** Returns this query ending before {@code id}. */
    public RecordQuery<I> until(I id) {
        return new RecordQuery<>(after, id, limit, reversed);
    }
}
