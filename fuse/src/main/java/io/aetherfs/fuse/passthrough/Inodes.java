package io.aetherfs.fuse.passthrough;

import io.aetherfs.fuse.Attr;
import io.aetherfs.fuse.Entry;
import io.aetherfs.fuse.Errno;
import io.aetherfs.fuse.FuseException;
import io.aetherfs.fuse.FuseSession;
import io.aetherfs.fuse.internal.Codec;
import io.aetherfs.fuse.internal.Structs;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The passthrough's inode table: node id to {@link Inode} (read without locking on every request) and
 * host (device, inode) to {@link Inode}, so that hard links share one node id. Node ids are never reused,
 * so generations stay 0. Lookup counts follow the kernel's: +1 per entry handed out, −n per forget; at zero
 * the inode leaves the table and its descriptor is closed.
 */
final class Inodes {

    private record Key(long dev, long ino) {}

    private final Map<Long, Inode> byId = new ConcurrentHashMap<>();
    private final Map<Key, Inode> byKey = new HashMap<>();
    private final AtomicLong nextId = new AtomicLong(FuseSession.ROOT + 1);
    private final Inode root;
    private final Duration timeout;

    Inodes(int rootFd, Duration timeout) throws FuseException {
        this.timeout = timeout;
        try (Frame f = Frame.open()) {
            MemorySegment st = f.allocate(Structs.STAT);
            Libc.fstatat(rootFd, f.cString(""), st, Libc.AT_EMPTY_PATH);
            root = new Inode(FuseSession.ROOT, Codec.device(st), Codec.attr(st).ino(), rootFd, false, 0, "");
            root.lookups = 2; // never forgotten
            byId.put(root.nodeId, root);
            byKey.put(new Key(root.dev, root.ino), root);
        }
    }

    /** Returns the inode with node id {@code nodeId}, or throws ESTALE (the kernel forgot it already). */
    Inode get(long nodeId) throws FuseException {
        Inode i = byId.get(nodeId);
        if (i == null) {
            throw new FuseException(Errno.ESTALE, "unknown node id " + nodeId);
        }
        return i;
    }

    /** Returns the root directory's inode. */
    Inode root() {
        return root;
    }

    /**
     * Resolves {@code name} (a C string) in {@code parent} and counts one lookup of the result: the entry the
     * kernel will hold. Throws ENOENT and the like as the host reports them.
     */
    Entry lookup(Inode parent, MemorySegment name, Frame f) throws FuseException {
        MemorySegment st = f.allocate(Structs.STAT);
        Libc.fstatat(parent.fd, name, st, Libc.AT_SYMLINK_NOFOLLOW);
        Attr attr = Codec.attr(st);
        Key key = new Key(Codec.device(st), attr.ino());
        synchronized (this) {
            Inode known = byKey.get(key);
            if (known != null) {
                known.lookups++;
                known.used = System.nanoTime();
                return entry(known, attr);
            }
        }
        int fd = Libc.openat(parent.fd, name, Libc.O_PATH | Libc.O_NOFOLLOW | Libc.O_CLOEXEC, 0);
        try {
            Libc.fstatat(fd, f.cString(""), st, Libc.AT_EMPTY_PATH | Libc.AT_SYMLINK_NOFOLLOW);
        } catch (FuseException e) {
            Libc.close(fd);
            throw e;
        }
        attr = Codec.attr(st);
        key = new Key(Codec.device(st), attr.ino());
        synchronized (this) {
            Inode known = byKey.get(key);
            if (known == null) {
                known = new Inode(
                        nextId.getAndIncrement(),
                        key.dev(),
                        key.ino(),
                        fd,
                        attr.isSymbolicLink(),
                        parent.nodeId,
                        io.aetherfs.fuse.internal.Names.decode(name));
                byKey.put(key, known);
                byId.put(known.nodeId, known);
                fd = -1;
            }
            known.lookups++;
            if (fd >= 0) {
                Libc.close(fd); // another lookup won the race for the same inode
            }
            return entry(known, attr);
        }
    }

    /** Drops {@code n} lookups of {@code nodeId}; at zero the inode is forgotten (and true returned). */
    boolean forget(long nodeId, long n) {
        Inode gone = null;
        synchronized (this) {
            Inode i = byId.get(nodeId);
            if (i == null || i == root) {
                return false;
            }
            i.lookups -= Math.min(n, i.lookups);
            if (i.lookups == 0) {
                byId.remove(nodeId);
                byKey.remove(new Key(i.dev, i.ino));
                gone = i;
            }
        }
        if (gone != null) {
            Libc.close(gone.fd);
        }
        return gone != null;
    }

    /** Returns the node id the kernel knows for host inode (dev, ino), or 0. */
    synchronized long nodeIdOf(long dev, long ino) {
        Inode i = byKey.get(new Key(dev, ino));
        return i == null ? 0 : i.nodeId;
    }

    /** Returns up to {@code n} inodes the kernel looked up least recently (never the root), oldest first. */
    java.util.List<Inode> leastRecentlyUsed(int n) {
        return byId.values().stream()
                .filter(i -> i != root)
                .sorted(java.util.Comparator.comparingLong(i -> i.used))
                .limit(n)
                .toList();
    }

    /** Returns how many inodes the table holds (the root included). */
    int size() {
        return byId.size();
    }

    /** Returns the entry for {@code inode} with attributes {@code attr}. */
    Entry entry(Inode inode, Attr attr) {
        return new Entry(inode.nodeId, attr, timeout, timeout);
    }

    /** Reads the attributes of {@code inode} from the host. */
    Attr attr(Inode inode, Frame f) throws FuseException {
        MemorySegment st = f.allocate(Structs.STAT);
        Libc.fstatat(inode.fd, f.cString(""), st, Libc.AT_EMPTY_PATH | Libc.AT_SYMLINK_NOFOLLOW);
        return Codec.attr(st);
    }

    /** Closes every descriptor (the session has ended). */
    synchronized void closeAll() {
        for (Inode i : byId.values()) {
            if (i != root) {
                Libc.close(i.fd);
            }
        }
        byId.clear();
        byKey.clear();
        byId.put(root.nodeId, root);
        byKey.put(new Key(root.dev, root.ino), root);
    }
}
