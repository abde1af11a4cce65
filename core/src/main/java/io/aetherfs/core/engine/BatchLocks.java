package io.aetherfs.core.engine;

import io.aetherfs.core.spi.WriterLocks;
import java.util.Collection;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The writer locks one group commit holds, on a store shared by nodes: the sessions it writes and
 * those another node changed underneath it. Every node commits a session only while holding its
 * lock, so once a batch lost a race on a session it holds that session until it has committed, and
 * its next attempt cannot lose again. Without shared writers (one node) it holds nothing.
 */
final class BatchLocks implements AutoCloseable {
    private final WriterLocks locks;
    private final SortedSet<String> held = new TreeSet<>();
    private WriterLocks.Hold hold;

    /** Returns the locks of a batch over {@code locks}; null needs none. */
    BatchLocks(WriterLocks locks) {
        this.locks = locks;
    }

    /** Returns whether this batch takes writer locks at all. */
    boolean enabled() {
        return locks != null;
    }

    /**
     * Makes sure the locks of {@code sessions} are held: when one is missing, releases everything and
     * takes the union again in sorted order (holding some while waiting for others could deadlock with
     * another node doing the same in the other order).
     */
    void cover(Collection<SessionCache.Key> sessions) {
        if (locks == null) {
            return;
        }
        SortedSet<String> wanted = new TreeSet<>(held);
        for (SessionCache.Key k : sessions) {
            wanted.add(k.tenant() + "/" + k.id());
        }
        if (wanted.size() == held.size()) {
            return;
        }
        close();
        hold = locks.acquire(wanted);
        held.addAll(wanted);
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
