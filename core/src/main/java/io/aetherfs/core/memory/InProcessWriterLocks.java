package io.aetherfs.core.memory;

import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.spi.WriterLocks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@link WriterLocks} for stores shared by engines of one process (the in-memory backend, and tests
 * that run several nodes in one JVM): a fixed set of fair locks, each name mapped to one by its hash.
 * A hold takes its locks in ascending order, so holds never deadlock; two names that share a lock
 * merely wait for each other.
 */
public final class InProcessWriterLocks implements WriterLocks {
    private static final int STRIPES = 1024;

    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];
    private final Duration timeout;

    public InProcessWriterLocks(Duration timeout) {
        this.timeout = timeout;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock(true);
        }
    }

    @Override
    public Hold acquire(SortedSet<String> names) {
        SortedSet<Integer> wanted = new TreeSet<>();
        for (String n : names) {
            wanted.add(Math.floorMod(n.hashCode(), STRIPES));
        }
        List<ReentrantLock> held = new ArrayList<>(wanted.size());
        Hold hold = () -> {
            held.reversed().forEach(ReentrantLock::unlock);
            held.clear();
        };
        try {
            for (int i : wanted) {
                lock(stripes[i], names);
                held.add(stripes[i]);
            }
            return hold;
        } catch (RuntimeException e) {
            hold.close();
            throw e;
        }
    }

    private void lock(ReentrantLock lock, SortedSet<String> names) {
        boolean ok;
        try {
            ok = lock.tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw AfsException.unavailable("interrupted while waiting for the writer locks of " + names, e);
        }
        if (!ok) {
            throw AfsException.concurrentUpdate(
                    "waited " + timeout.toSeconds() + " s for other writers of " + names + "; retry", null);
        }
    }
}
