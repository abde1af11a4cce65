package io.aetherfs.fuse.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.aetherfs.fuse.Errno;
import io.aetherfs.fuse.FuseException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.CompletableFuture;

/**
 * Sends the low-level notifications of a session to the kernel: invalidate an inode's cached data and
 * attributes, an entry's cached name, report a deletion, push data into the page cache, or ask for cached
 * data back. Safe from any thread, including inside an operation, except that an invalidation must not be
 * sent from an operation the kernel holds a lock for on the same inode (it would wait for itself).
 */
public final class Notifier {

    private static final int ENOENT = 2;
    private static final long BV_BUF = Structs.offset(Structs.BUFVEC, "buf");
    private static final long BUF_MEM = Structs.offset(Structs.BUF, "mem");

    private final SessionCore core;
    private final Retrievals retrievals;

    Notifier(SessionCore core, Retrievals retrievals) {
        this.core = core;
        this.retrievals = retrievals;
    }

    /** Drops cached attributes of {@code ino} and its cached data in [offset, offset+length) (length 0: all). */
    public boolean invalidateInode(long ino, long offset, long length) throws FuseException {
        return call(0, ino, 0, null, offset, length, null);
    }

    /** Drops the cached entry {@code name} in directory {@code parent}. */
    public boolean invalidateEntry(long parent, String name) throws FuseException {
        return call(1, parent, 0, name, 0, 0, null);
    }

    /** Tells the kernel that {@code name} in {@code parent}, which was {@code child}, is gone. */
    public boolean delete(long parent, long child, String name) throws FuseException {
        return call(2, parent, child, name, 0, 0, null);
    }

    /** Puts {@code data} into the kernel's page cache of {@code ino} at {@code offset}. */
    public boolean store(long ino, long offset, MemorySegment data) throws FuseException {
        return call(3, ino, 0, null, offset, 0, data);
    }

    /** Asks the kernel for up to {@code size} cached bytes of {@code ino} at {@code offset}. */
    public CompletableFuture<byte[]> retrieve(long ino, long offset, int size) {
        return retrievals.start(ino, offset, size);
    }

    private boolean call(int kind, long ino, long child, String name, long offset, long length, MemorySegment data)
            throws FuseException {
        if (!core.enterReply()) {
            throw new IllegalStateException("the session has ended");
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment se = core.session();
            MemorySegment n = name == null ? MemorySegment.NULL : Names.toC(name, a);
            long len = name == null ? 0 : n.byteSize() - 1;
            int r =
                    switch (kind) {
                        case 0 -> (int) LibFuse.NOTIFY_INVAL_INODE.invokeExact(se, ino, offset, length);
                        case 1 -> (int) LibFuse.NOTIFY_INVAL_ENTRY.invokeExact(se, ino, n, len);
                        case 2 -> (int) LibFuse.NOTIFY_DELETE.invokeExact(se, ino, child, n, len);
                        default -> {
                            MemorySegment native_ = data.isNative()
                                    ? data
                                    : a.allocate(data.byteSize()).copyFrom(data);
                            MemorySegment bv = a.allocate(Structs.BUFVEC);
                            bv.set(JAVA_LONG, 0, 1);
                            bv.set(JAVA_LONG, BV_BUF, native_.byteSize());
                            bv.set(ADDRESS, BV_BUF + BUF_MEM, native_);
                            yield (int) LibFuse.NOTIFY_STORE.invokeExact(se, ino, offset, bv, 0);
                        }
                    };
            if (r == -ENOENT) {
                return false;
            }
            if (r < 0) {
                throw new FuseException(Errno.of(-r), "notification to the kernel failed");
            }
            return true;
        } catch (FuseException | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        } finally {
            core.exitReply();
        }
    }
}
