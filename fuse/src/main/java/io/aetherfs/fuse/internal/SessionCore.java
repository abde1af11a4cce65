package io.aetherfs.fuse.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import io.aetherfs.fuse.Connection;
import io.aetherfs.fuse.FuseFilesystem;
import io.aetherfs.fuse.MountOptions;
import io.aetherfs.fuse.SessionStats;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.foreign.Arena;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * One libfuse session ({@code struct fuse_session}) from {@code fuse_session_new} to
 * {@code fuse_session_destroy}: mounting, the worker pool, connection negotiation, the reply gate that keeps
 * late answers away from a destroyed session, and the end of the session. The session is destroyed only
 * once every worker has left its loop, so no thread is ever inside libfuse when its memory is freed.
 */
public final class SessionCore {

    private static final System.Logger LOG = System.getLogger("io.aetherfs.fuse");
    private static final AtomicInteger IDS = new AtomicInteger();
    private static final int MNT_DETACH = 2, EINVAL = 22;

    /** Counters of one session. */
    static final class Counters {
        final LongAdder requests = new LongAdder();
        final LongAdder failures = new LongAdder();
        final LongAdder timeouts = new LongAdder();
    }

    private final String name = "fuse" + IDS.incrementAndGet();
    private final FuseFilesystem fs;
    private final Path mountpoint;
    private final MountOptions options;
    private final Arena arena = Arena.ofShared();
    private final Counters counters = new Counters();
    private final CompletableFuture<Connection> connection = new CompletableFuture<>();
    private final AtomicLong gate = new AtomicLong();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final Object lifecycle = new Object();
    private final AtomicBoolean finished = new AtomicBoolean();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final Retrievals retrievals = new Retrievals(this);
    private volatile boolean destroyed;
    private volatile boolean ending;
    private MemorySegment se = MemorySegment.NULL;
    private WorkerPool pool;
    private DeathWatch deathWatch;

    private SessionCore(FuseFilesystem fs, Path mountpoint, MountOptions options) {
        this.fs = fs;
        this.mountpoint = mountpoint.toAbsolutePath();
        this.options = options;
    }

    /** Creates a session for {@code fs}, to be mounted at {@code mountpoint} by {@link #start()}. */
    public static SessionCore create(FuseFilesystem fs, Path mountpoint, MountOptions options) {
        return new SessionCore(fs, mountpoint, options);
    }

    /**
     * Mounts, starts the workers and waits for the kernel's INIT. A {@link #close} that comes first (a shutdown
     * hook during startup) makes this fail instead of leaving a mount nobody serves.
     */
    public void start() throws IOException {
        synchronized (lifecycle) {
            if (closing.get()) {
                throw new IOException("the session was closed before it was mounted");
            }
            try {
                se = newSession();
                if ((int) LibFuse.SESSION_MOUNT.invokeExact(se, arena.allocateFrom(mountpoint.toString())) != 0) {
                    throw new IOException("fuse_session_mount failed for " + mountpoint + " (see stderr)");
                }
                if (options.has("auto_unmount")) {
                    deathWatch = DeathWatch.start(mountpoint);
                }
            } catch (IOException e) {
                finish();
                throw e;
            } catch (Throwable t) {
                finish();
                throw new IOException("cannot start a FUSE session: " + t, t);
            }
            pool = new WorkerPool(this, options.workers(), options.callbackTimeout());
            pool.start();
        }
        try {
            connection.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException | InterruptedException e) {
            close(options.closeGrace());
            throw new IOException("the FUSE session at " + mountpoint + " did not initialise: " + e, e);
        }
    }

    private MemorySegment newSession() throws Throwable {
        List<String> argv = new ArrayList<>(List.of("aetherfs-fuse"));
        if (options.debug()) {
            argv.add("-d");
        }
        if (!options.options().isEmpty()) {
            argv.add("-o");
            argv.add(String.join(",", options.options()));
        }
        MemorySegment array = arena.allocate(ADDRESS, argv.size() + 1L);
        for (int i = 0; i < argv.size(); i++) {
            array.setAtIndex(ADDRESS, i, arena.allocateFrom(argv.get(i)));
        }
        MemorySegment args = arena.allocate(Structs.ARGS);
        args.set(JAVA_INT, 0, argv.size());
        args.set(ADDRESS, Structs.offset(Structs.ARGS, "argv"), array);
        MemorySegment ops = OpsTable.build(this, fs, arena);
        MemorySegment s =
                (MemorySegment) LibFuse.SESSION_NEW.invokeExact(args, ops, ops.byteSize(), MemorySegment.NULL);
        LibFuse.OPT_FREE_ARGS.invokeExact(args);
        if (s.equals(MemorySegment.NULL)) {
            throw new IOException("fuse_session_new refused the options " + argv + " (see stderr)");
        }
        return s;
    }

    /** Runs the filesystem's init on the kernel's offer and writes back what it chose. */
    void negotiate(MemorySegment conn) {
        int[] v = new int[10];
        for (int i = 0; i < v.length; i++) {
            v[i] = conn.get(JAVA_INT, i * 4L);
        }
        // proto_major, proto_minor, max_write, max_read, max_readahead, capable, want, max_background,
        // congestion_threshold, time_gran
        Connection c = new Connection(v[0], v[1], v[5], v[6], v[3], v[2], v[4], v[7], v[8], v[9]);
        fs.init(c);
        conn.set(JAVA_INT, 8, c.maxWrite());
        conn.set(JAVA_INT, 16, c.maxReadahead());
        conn.set(JAVA_INT, 24, io.aetherfs.fuse.Capability.toBits(c.wanted()));
        conn.set(JAVA_INT, 28, c.maxBackground());
        conn.set(JAVA_INT, 32, c.congestionThreshold());
        conn.set(JAVA_INT, 36, c.timeGranularity());
        c.freeze();
        connection.complete(c);
    }

    void initFailed(Throwable t) {
        connection.completeExceptionally(t);
    }

    /**
     * Unmounts (lazily: processes that still hold files keep being served) and waits up to {@code grace} for
     * the workers to leave; the session is destroyed by the last of them.
     */
    public boolean close(Duration grace) {
        if (closing.getAndSet(true)) {
            return awaitEnd(grace);
        }
        synchronized (lifecycle) { // waits for a start() that is mounting
            ending = true;
            if (pool == null) {
                finish();
                return true;
            }
        }
        unmountLazily();
        boolean done = awaitEnd(grace);
        if (!done) {
            LOG.log(
                    Level.WARNING,
                    "fuse: {0} is unmounted but {1} worker(s) still serve open files or a hung operation; "
                            + "the session ends when they leave",
                    mountpoint,
                    pool.running());
        }
        return done;
    }

    /** Waits up to {@code timeout} for the session to end; returns whether it did. */
    public boolean awaitEnd(Duration timeout) {
        try {
            ended.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            return true;
        }
    }

    /** Completes when the session has ended (unmounted and destroyed). */
    public CompletableFuture<Void> ended() {
        return ended;
    }

    private void unmountLazily() {
        if (ended.isDone()) {
            return; // unmounted from outside already
        }
        int errno;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment state = a.allocate(Linker.Option.captureStateLayout());
            int r = (int) LibFuse.UMOUNT2.invokeExact(state, a.allocateFrom(mountpoint.toString()), MNT_DETACH);
            errno = r == 0
                    ? 0
                    : state.get(
                            JAVA_INT,
                            Linker.Option.captureStateLayout()
                                    .byteOffset(java.lang.foreign.MemoryLayout.PathElement.groupElement("errno")));
        } catch (Throwable t) {
            errno = -1;
        }
        if (errno == EINVAL) {
            return; // not mounted (any more)
        }
        if (errno != 0) { // EPERM when not root: fusermount3 is set-uid and may unmount its user's mounts
            try {
                Process p = new ProcessBuilder("fusermount3", "-u", "-z", mountpoint.toString())
                        .redirectErrorStream(true)
                        .start();
                String out = new String(p.getInputStream().readAllBytes()).strip();
                if (p.waitFor() != 0) {
                    LOG.log(Level.WARNING, "fuse: cannot unmount {0}: {1}", mountpoint, out);
                }
            } catch (IOException e) {
                LOG.log(Level.WARNING, "fuse: cannot unmount " + mountpoint, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Called by the last worker to leave: the session is over. */
    void workersGone() {
        finish();
    }

    private void finish() {
        if (finished.getAndSet(true)) {
            return;
        }
        ending = true;
        destroyed = true;
        while (gate.get() > 0) {
            Thread.onSpinWait();
        }
        try {
            if (!se.equals(MemorySegment.NULL)) {
                LibFuse.SESSION_UNMOUNT.invokeExact(se);
                LibFuse.SESSION_DESTROY.invokeExact(se);
            }
        } catch (Throwable t) {
            LOG.log(Level.ERROR, "fuse: destroying the session of " + mountpoint + " failed", t);
        } finally {
            if (deathWatch != null) {
                deathWatch.close();
            }
            arena.close();
            retrievals.failAll();
            connection.completeExceptionally(new IllegalStateException("the session ended before INIT"));
            ended.complete(null);
        }
    }

    /** Lets a thread that is not a worker answer or notify; false if the session is gone. Pair with {@link #exitReply}. */
    boolean enterReply() {
        if (Thread.currentThread() instanceof Worker) {
            return true;
        }
        gate.incrementAndGet();
        if (destroyed) {
            gate.decrementAndGet();
            return false;
        }
        return true;
    }

    void exitReply() {
        if (!(Thread.currentThread() instanceof Worker)) {
            gate.decrementAndGet();
        }
    }

    void lateAnswer(NativeReply r) {
        LOG.log(Level.DEBUG, "fuse: {0} was answered already; a later answer is dropped", r.op);
    }

    void sendFailed(NativeReply r, int errno) {
        LOG.log(Level.DEBUG, "fuse: the answer to {0} was not delivered: errno {1}", r.op, errno);
    }

    void retrieved(long cookie, long offset, MemorySegment bufv) {
        retrievals.completed(cookie, bufv);
    }

    /** Returns the native session; valid until the session ends. */
    MemorySegment session() {
        return se;
    }

    String name() {
        return name;
    }

    boolean ending() {
        return ending;
    }

    Counters counters() {
        return counters;
    }

    /** Returns the negotiated connection. */
    public Connection connection() {
        return connection.join();
    }

    /** Returns the notification sender of this session. */
    public Notifier notifier() {
        return new Notifier(this, retrievals);
    }

    /** Returns how long {@link #close(Duration)} waits by default. */
    public Duration closeGrace() {
        return options.closeGrace();
    }

    /** Returns the absolute mount point. */
    public Path mountpoint() {
        return mountpoint;
    }

    /** Returns the session's counters. */
    public SessionStats stats() {
        return new SessionStats(
                counters.requests.sum(),
                counters.failures.sum(),
                counters.timeouts.sum(),
                pool == null ? 0 : pool.running(),
                NativeMemory.liveBytes());
    }
}
