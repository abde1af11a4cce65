package io.aetherfs.fuse;

import io.aetherfs.fuse.internal.Notifier;
import io.aetherfs.fuse.internal.SessionCore;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A mounted filesystem: {@link #mount} mounts a {@link FuseFilesystem} and serves it on a bounded set of
 * worker threads until {@link #close()} (or the JVM's exit, or an external {@code umount}) ends it. Also
 * the way to tell the kernel that something changed behind its back (the {@code invalidate…} methods).
 *
 * <p>Signals: libfuse's own handlers are not installed (they would replace the JVM's); SIGINT and SIGTERM
 * run the JVM's shutdown hooks, and every open session registers one that unmounts it. With the
 * {@code auto_unmount} mount option, {@code fusermount3} also unmounts when the process dies by SIGKILL.
 */
public final class FuseSession implements AutoCloseable {

    /** The node id of the root directory. */
    public static final long ROOT = 1;

    private final SessionCore core;
    private final Notifier notifier;
    private final Thread hook;

    private FuseSession(SessionCore core) {
        this.core = core;
        this.notifier = core.notifier();
        this.hook = new Thread(() -> core.close(Duration.ofSeconds(2)), "fuse-unmount-" + core.mountpoint());
    }

    /** Mounts {@code fs} at {@code mountpoint} and returns once the kernel has negotiated the connection. */
    public static FuseSession mount(FuseFilesystem fs, Path mountpoint, MountOptions options) throws IOException {
        FuseSession s = new FuseSession(SessionCore.create(fs, mountpoint, options));
        try {
            Runtime.getRuntime().addShutdownHook(s.hook); // before mounting: a SIGTERM during startup still unmounts
        } catch (IllegalStateException e) {
            throw new IOException("the JVM is shutting down; not mounting " + mountpoint, e);
        }
        try {
            s.core.start();
        } catch (IOException | RuntimeException e) {
            s.removeHook();
            throw e;
        }
        s.core.ended().whenComplete((v, t) -> s.removeHook());
        return s;
    }

    /** Returns the absolute mount point. */
    public Path mountpoint() {
        return core.mountpoint();
    }

    /** Returns the negotiated connection (frozen). */
    public Connection connection() {
        return core.connection();
    }

    /** Returns the session's counters. */
    public SessionStats stats() {
        return core.stats();
    }

    /**
     * Drops the kernel's cached attributes of {@code ino} and its cached data from {@code offset} for
     * {@code length} bytes (0: to the end); returns false if the kernel did not know the inode.
     */
    public boolean invalidateInode(long ino, long offset, long length) throws FuseException {
        return notifier.invalidateInode(ino, offset, length);
    }

    /** Drops the kernel's cached entry (or negative entry) {@code name} in {@code parent}. */
    public boolean invalidateEntry(long parent, String name) throws FuseException {
        return notifier.invalidateEntry(parent, name);
    }

    /** Tells the kernel that {@code name} in {@code parent}, which was inode {@code child}, was deleted. */
    public boolean notifyDelete(long parent, long child, String name) throws FuseException {
        return notifier.delete(parent, child, name);
    }

    /** Puts {@code data} into the kernel's page cache of {@code ino} at {@code offset}. */
    public boolean store(long ino, long offset, MemorySegment data) throws FuseException {
        return notifier.store(ino, offset, data);
    }

    /** Asks the kernel for up to {@code size} bytes it has cached of {@code ino} at {@code offset}. */
    public CompletableFuture<byte[]> retrieve(long ino, long offset, int size) {
        return notifier.retrieve(ino, offset, size);
    }

    /** Blocks until the session ends (after {@link #close()} or an external unmount). */
    public void awaitUnmounted() throws InterruptedException {
        try {
            core.ended().get();
        } catch (java.util.concurrent.ExecutionException e) {
            // ended anyway
        }
    }

    /**
     * Unmounts and ends the session. The unmount is lazy: processes that still hold open files keep being
     * served; this waits for the workers up to the options' close grace and returns whether the session
     * ended within it (otherwise it ends when the last worker leaves).
     */
    @Override
    public void close() {
        core.close(core.closeGrace());
    }

    private void removeHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down; the hook is running or has run
        }
    }
}
