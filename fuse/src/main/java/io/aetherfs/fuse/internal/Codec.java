package io.aetherfs.fuse.internal;

import static io.aetherfs.fuse.internal.Structs.offset;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import io.aetherfs.fuse.Attr;
import io.aetherfs.fuse.Entry;
import io.aetherfs.fuse.FileInfo;
import io.aetherfs.fuse.FsStats;
import io.aetherfs.fuse.Lock;
import io.aetherfs.fuse.OpenFile;
import io.aetherfs.fuse.SetAttr;
import java.lang.foreign.MemorySegment;
import java.time.Duration;

/** Converts between the API's records and the C structures of {@link Structs}. */
public final class Codec {

    private static final long ST_DEV = offset(Structs.STAT, "st_dev"), ST_INO = offset(Structs.STAT, "st_ino");
    private static final long ST_NLINK = offset(Structs.STAT, "st_nlink"), ST_MODE = offset(Structs.STAT, "st_mode");
    private static final long ST_UID = offset(Structs.STAT, "st_uid"), ST_GID = offset(Structs.STAT, "st_gid");
    private static final long ST_RDEV = offset(Structs.STAT, "st_rdev"), ST_SIZE = offset(Structs.STAT, "st_size");
    private static final long ST_BLKSIZE = offset(Structs.STAT, "st_blksize");
    private static final long ST_BLOCKS = offset(Structs.STAT, "st_blocks");
    private static final long ST_ATIM = offset(Structs.STAT, "st_atim"), ST_MTIM = offset(Structs.STAT, "st_mtim");
    private static final long ST_CTIM = offset(Structs.STAT, "st_ctim");
    private static final long EP_GEN = offset(Structs.ENTRY_PARAM, "generation");
    private static final long EP_ATTR = offset(Structs.ENTRY_PARAM, "attr");
    private static final long EP_ATTR_TIMEOUT = offset(Structs.ENTRY_PARAM, "attr_timeout");
    private static final long EP_ENTRY_TIMEOUT = offset(Structs.ENTRY_PARAM, "entry_timeout");
    private static final long FI_BITS = offset(Structs.FILE_INFO, "bits"), FI_FH = offset(Structs.FILE_INFO, "fh");
    private static final long FI_OWNER = offset(Structs.FILE_INFO, "lock_owner");
    private static final long L_START = offset(Structs.FLOCK, "l_start"), L_LEN = offset(Structs.FLOCK, "l_len");
    private static final long L_PID = offset(Structs.FLOCK, "l_pid");
    private static final long NANOS = 1_000_000_000L;

    private Codec() {}

    /** Reads a {@code struct stat}. */
    public static Attr attr(MemorySegment st) {
        return new Attr(
                st.get(JAVA_LONG, ST_INO),
                st.get(JAVA_INT, ST_MODE),
                st.get(JAVA_LONG, ST_NLINK),
                st.get(JAVA_INT, ST_UID),
                st.get(JAVA_INT, ST_GID),
                st.get(JAVA_LONG, ST_RDEV),
                st.get(JAVA_LONG, ST_SIZE),
                st.get(JAVA_LONG, ST_BLOCKS),
                (int) st.get(JAVA_LONG, ST_BLKSIZE),
                time(st, ST_ATIM),
                time(st, ST_MTIM),
                time(st, ST_CTIM));
    }

    /** Returns {@code st_dev} of a {@code struct stat}. */
    public static long device(MemorySegment st) {
        return st.get(JAVA_LONG, ST_DEV);
    }

    /** Writes {@code a} into a {@code struct stat}. */
    public static void stat(MemorySegment st, Attr a) {
        st.set(JAVA_LONG, ST_INO, a.ino());
        st.set(JAVA_INT, ST_MODE, a.mode());
        st.set(JAVA_LONG, ST_NLINK, a.nlink());
        st.set(JAVA_INT, ST_UID, a.uid());
        st.set(JAVA_INT, ST_GID, a.gid());
        st.set(JAVA_LONG, ST_RDEV, a.rdev());
        st.set(JAVA_LONG, ST_SIZE, a.size());
        st.set(JAVA_LONG, ST_BLOCKS, a.blocks());
        st.set(JAVA_LONG, ST_BLKSIZE, a.blksize());
        time(st, ST_ATIM, a.atimeNanos());
        time(st, ST_MTIM, a.mtimeNanos());
        time(st, ST_CTIM, a.ctimeNanos());
    }

    /** Writes {@code e} into a {@code struct fuse_entry_param}. */
    public static void entry(MemorySegment ep, Entry e) {
        ep.set(JAVA_LONG, 0, e.nodeId());
        ep.set(JAVA_LONG, EP_GEN, e.generation());
        if (e.attr() != null) {
            stat(ep.asSlice(EP_ATTR, Structs.STAT.byteSize()), e.attr());
        }
        ep.set(JAVA_DOUBLE, EP_ATTR_TIMEOUT, seconds(e.attrTimeout()));
        ep.set(JAVA_DOUBLE, EP_ENTRY_TIMEOUT, seconds(e.entryTimeout()));
    }

    /** Writes the handle and flags of {@code f} into a {@code struct fuse_file_info}. */
    public static void openFile(MemorySegment fi, OpenFile f) {
        int bits = fi.get(JAVA_INT, FI_BITS) & ~0xff;
        bits |= f.directIo() ? Structs.FI_DIRECT_IO : 0;
        bits |= f.keepCache() ? Structs.FI_KEEP_CACHE : 0;
        bits |= f.nonSeekable() ? Structs.FI_NONSEEKABLE : 0;
        bits |= f.cacheReaddir() ? Structs.FI_CACHE_READDIR : 0;
        bits |= f.noFlush() ? Structs.FI_NOFLUSH : 0;
        fi.set(JAVA_INT, FI_BITS, bits);
        fi.set(JAVA_LONG, FI_FH, f.fh());
    }

    /** Reads a {@code struct fuse_file_info}. */
    public static FileInfo fileInfo(MemorySegment fi) {
        int bits = fi.get(JAVA_INT, FI_BITS);
        return new FileInfo(
                fi.get(JAVA_INT, 0),
                fi.get(JAVA_LONG, FI_FH),
                fi.get(JAVA_LONG, FI_OWNER),
                (bits & Structs.FI_FLUSH) != 0,
                (bits & Structs.FI_FLOCK_RELEASE) != 0);
    }

    /** Returns the {@code fh} of a {@code struct fuse_file_info}. */
    public static long fh(MemorySegment fi) {
        return fi.get(JAVA_LONG, FI_FH);
    }

    /** Reads a {@code struct flock} (offsets from the start of the file, as libfuse passes them). */
    public static Lock lock(MemorySegment fl) {
        return new Lock(
                fl.get(JAVA_SHORT, 0), fl.get(JAVA_LONG, L_START), fl.get(JAVA_LONG, L_LEN), fl.get(JAVA_INT, L_PID));
    }

    /** Writes {@code l} into a {@code struct flock} with whence SEEK_SET. */
    public static void flock(MemorySegment fl, Lock l) {
        fl.set(JAVA_SHORT, 0, (short) l.type());
        fl.set(JAVA_SHORT, 2, (short) 0);
        fl.set(JAVA_LONG, L_START, l.start());
        fl.set(JAVA_LONG, L_LEN, l.length());
        fl.set(JAVA_INT, L_PID, l.pid());
    }

    /** Reads a {@code struct statvfs}. */
    public static FsStats fsStats(MemorySegment s) {
        long[] v = new long[8];
        for (int i = 0; i < 8; i++) {
            v[i] = s.get(JAVA_LONG, i * 8L);
        }
        return new FsStats(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], s.get(JAVA_LONG, 80));
    }

    /** Writes {@code f} into a {@code struct statvfs}. */
    public static void statvfs(MemorySegment s, FsStats f) {
        long[] v = {
            f.blockSize(),
            f.fragmentSize(),
            f.blocks(),
            f.blocksFree(),
            f.blocksAvailable(),
            f.files(),
            f.filesFree(),
            f.filesAvailable()
        };
        for (int i = 0; i < v.length; i++) {
            s.set(JAVA_LONG, i * 8L, v[i]);
        }
        s.set(JAVA_LONG, 80, f.maxNameLength());
    }

    /** Reads the changes of a setattr request: the {@code struct stat} libfuse filled and its {@code to_set}. */
    public static SetAttr setAttr(MemorySegment st, int toSet) {
        return new SetAttr(
                toSet,
                st.get(JAVA_INT, ST_MODE),
                st.get(JAVA_INT, ST_UID),
                st.get(JAVA_INT, ST_GID),
                st.get(JAVA_LONG, ST_SIZE),
                time(st, ST_ATIM),
                time(st, ST_MTIM));
    }

    private static long time(MemorySegment st, long at) {
        return st.get(JAVA_LONG, at) * NANOS + st.get(JAVA_LONG, at + 8);
    }

    private static void time(MemorySegment st, long at, long nanos) {
        st.set(JAVA_LONG, at, Math.floorDiv(nanos, NANOS));
        st.set(JAVA_LONG, at + 8, Math.floorMod(nanos, NANOS));
    }

    private static double seconds(Duration d) {
        return d == null ? 0 : d.getSeconds() + d.getNano() / 1e9;
    }
}
