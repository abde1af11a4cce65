package io.aetherfs.service.locks;

import java.util.ArrayList;
import java.util.List;

/** POSIX range arithmetic: a new lock (or unlock) replaces the owner's own locks where they overlap. */
final class Ranges {
    private Ranges() {}

    /** Returns {@code locks} with the owner's byte-range locks cut out of [start, end), splitting as needed. */
    static List<PosixLock> carve(List<PosixLock> locks, String owner, int pid, long start, long end) {
        List<PosixLock> out = new ArrayList<>();
        for (PosixLock l : locks) {
            if (l.flock() || !l.sameOwner(owner, pid) || l.end() <= start || end <= l.start()) {
                out.add(l);
                continue;
            }
            if (l.start() < start) {
                out.add(piece(l, l.start(), start));
            }
            if (end < l.end()) {
                out.add(piece(l, end, l.end()));
            }
        }
        return out;
    }

    private static PosixLock piece(PosixLock l, long s, long e) {
        long length = e == Long.MAX_VALUE ? 0 : e - s;
        return new PosixLock(l.path(), l.ownerId(), l.pid(), l.kind(), s, length, l.expiresAt(), false);
    }
}
