package io.aetherfs.core.spi;

import java.util.SortedSet;

/**
 * Mutual exclusion between the writers of named things (the engine's sessions) across every node that
 * shares a metadata store. Writers that hold a name's lock while they commit cannot overtake each
 * other, so a writer that lost an optimistic race once is sure to win its next attempt instead of
 * losing again and again to a node with a fresher cache. Correctness never rests on these locks (the
 * store's transactions stay serializable); they make progress fair.
 *
 * <p>Thread-safe. A hold belongs to the thread that acquired it; a name is never held twice at once,
 * by any node. Locks of a node that dies are released by the backend (a closed connection).
 */
public interface WriterLocks {
    /**
     * Blocks until the caller holds the lock of every name in {@code names}, taking
     * them in their sorted order (so two callers never deadlock when each asks for all it needs at
     * once), and returns the hold. Throws ABORTED (CONCURRENT_UPDATE) when the wait exceeds the backend's
     * lock timeout, UNAVAILABLE when the backend cannot be reached; either way nothing is held.
     */
    Hold acquire(SortedSet<String> names);

    /** Locks held together; closing releases them all (idempotent, never throws). */
    interface Hold extends AutoCloseable {
        @Override
        void close();
    }
}
