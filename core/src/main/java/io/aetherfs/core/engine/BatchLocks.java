package io.aetherfs.core.engine;

import io.aetherfs.core.spi.WriterLocks;
import java.util.Collection;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The writer locks this node's committer holds, on a store shared by nodes: the sessions its group
 * commits write and those another node changed underneath them. Every node commits a session only
 * while holding its lock, so once a batch lost a race on a session it holds that session until it has
 * committed, and its next attempt cannot lose again. Locks are kept across batches for at most
 * {@link #MAX_HOLD_NANOS}, as long as the next change arrives within {@link #LINGER_NANOS} of the last
 * batch (clients that wait for an answer send their next write a moment after it), so a node writing
 * one session steadily commits batch after batch on a cache no other node can make stale instead of
 * handing the lock over after every batch; other nodes wait at most that long plus one batch. Without
 * shared writers (one node) it holds nothing.
 */
final class BatchLocks implements AutoCloseable {
    /** How long held locks are kept for the next batch while changes are queued: bounds others' wait. */
    static final long MAX_HOLD_NANOS = 20_000_000;

    /** How long held locks wait for the next change after a batch before they are released. */
    static final long LINGER_NANOS = 3_000_000;

    private final WriterLocks locks;
    private final SortedSet<String> held = new TreeSet<>();
    private WriterLocks.Hold hold;
    private long heldSince;

    /** Returns the locks of a committer over {@code locks}; null needs none. */
    BatchLocks(WriterLocks locks) {
        this.locks = locks;
    }

    /** Returns whether this committer takes writer locks at all. */
    boolean enabled() {
        return locks != null;
    }

    /**
     * Makes sure the locks of {@code sessions} are held: when one is missing, releases everything and
     * takes exactly these in sorted order (holding some while waiting for others could deadlock with
     * another node doing the same in the other order).
     */
    void cover(Collection<SessionCache.Key> sessions) {
        if (locks == null) {
            return;
        }
        SortedSet<String> wanted = new TreeSet<>();
        for (SessionCache.Key k : sessions) {
            wanted.add(k.tenant() + "/" + k.id());
        }
        if (held.containsAll(wanted)) {
            return;
        }
        close();
        hold = locks.acquire(wanted);
        held.addAll(wanted);
        heldSince = System.nanoTime();
    }

    /** Returns whether locks are held (the committer then waits only {@link #LINGER_NANOS} for more work). */
    boolean holding() {
        return hold != null;
    }

    /** Releases the locks after a batch once they have been held for {@link #MAX_HOLD_NANOS}. */
    void afterBatch() {
        if (hold != null && System.nanoTime() - heldSince > MAX_HOLD_NANOS) {
            close();
        }
    }

    @Override
    public void close() {
        if (hold != null) {
            hold.close();
            hold = null;
            held.clear();
        }
    }
}
