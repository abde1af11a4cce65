package io.aetherfs.fuse.internal;

import io.aetherfs.fuse.Errno;
import io.aetherfs.fuse.FuseException;
import io.aetherfs.fuse.FuseFilesystem;
import java.lang.System.Logger.Level;
import java.lang.foreign.MemorySegment;

/**
 * The common part of the upcall groups: each upcall builds its request's reply, marks the worker busy for
 * the watchdog, runs the filesystem's operation and turns whatever it throws into an answer. Nothing may
 * escape an upcall: an exception crossing into C would end the JVM.
 */
abstract class Upcalls {

    static final System.Logger LOG = System.getLogger("io.aetherfs.fuse");

    final SessionCore core;
    final FuseFilesystem fs;

    Upcalls(SessionCore core, FuseFilesystem fs) {
        this.core = core;
        this.fs = fs;
    }

    /** Returns a new reply for {@code req} and marks the current worker as running it. */
    final NativeReply begin(MemorySegment req, String op) {
        NativeReply r = new NativeReply(core, req, op);
        busy(r);
        return r;
    }

    /** Marks the current worker as running {@code r}. */
    static void busy(NativeReply r) {
        if (Thread.currentThread() instanceof Worker w) {
            w.enter(r);
        }
    }

    /** Marks the current worker idle again. */
    static void idle() {
        if (Thread.currentThread() instanceof Worker w) {
            w.exit(null);
        }
    }

    /** Answers a request whose operation threw {@code t}: its errno, or EIO and a log line. */
    final void failed(NativeReply r, Throwable t) {
        try {
            if (t instanceof FuseException fe) {
                if (!r.isAnswered()) {
                    r.error(fe.errno());
                }
                return;
            }
            core.counters().failures.increment();
            LOG.log(Level.WARNING, "fuse: " + r.op + " failed; answered EIO", t);
            if (!r.isAnswered()) {
                r.error(Errno.EIO);
            }
        } catch (Throwable again) {
            LOG.log(Level.ERROR, "fuse: could not answer " + r.op, again);
        } finally {
            idle();
        }
    }

    /** Logs {@code t} from an operation that takes no answer (forget, init, destroy). */
    static void logged(String op, Throwable t) {
        try {
            LOG.log(Level.WARNING, "fuse: " + op + " failed", t);
        } catch (Throwable ignored) {
            // nothing can be done; never let it reach C
        }
    }

    /** Returns the {@code struct fuse_file_info} at {@code fi} as a readable segment. */
    static MemorySegment fi(MemorySegment fi) {
        return fi.reinterpret(Structs.FILE_INFO.byteSize());
    }
}
