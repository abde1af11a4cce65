package io.aetherfs.fuse.internal;

import static java.lang.foreign.MemoryLayout.paddingLayout;
import static java.lang.foreign.MemoryLayout.sequenceLayout;
import static java.lang.foreign.MemoryLayout.structLayout;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.StructLayout;

/**
 * The C structures the binding exchanges with libfuse 3.14 and glibc on Linux x86_64, laid out as in
 * {@code fuse_lowlevel.h}, {@code fuse_common.h} and {@code <sys/stat.h>} (LayoutsMatchHeadersTest checks
 * every offset against the installed headers).
 */
public final class Structs {

    /** {@code struct stat} (x86_64). */
    public static final StructLayout STAT = structLayout(
            JAVA_LONG.withName("st_dev"),
            JAVA_LONG.withName("st_ino"),
            JAVA_LONG.withName("st_nlink"),
            JAVA_INT.withName("st_mode"),
            JAVA_INT.withName("st_uid"),
            JAVA_INT.withName("st_gid"),
            paddingLayout(4),
            JAVA_LONG.withName("st_rdev"),
            JAVA_LONG.withName("st_size"),
            JAVA_LONG.withName("st_blksize"),
            JAVA_LONG.withName("st_blocks"),
            JAVA_LONG.withName("st_atim"),
            JAVA_LONG.withName("st_atim_nsec"),
            JAVA_LONG.withName("st_mtim"),
            JAVA_LONG.withName("st_mtim_nsec"),
            JAVA_LONG.withName("st_ctim"),
            JAVA_LONG.withName("st_ctim_nsec"),
            sequenceLayout(3, JAVA_LONG).withName("reserved"));

    /** {@code struct statvfs} (x86_64). */
    public static final StructLayout STATVFS = structLayout(
            JAVA_LONG.withName("f_bsize"),
            JAVA_LONG.withName("f_frsize"),
            JAVA_LONG.withName("f_blocks"),
            JAVA_LONG.withName("f_bfree"),
            JAVA_LONG.withName("f_bavail"),
            JAVA_LONG.withName("f_files"),
            JAVA_LONG.withName("f_ffree"),
            JAVA_LONG.withName("f_favail"),
            JAVA_LONG.withName("f_fsid"),
            JAVA_LONG.withName("f_flag"),
            JAVA_LONG.withName("f_namemax"),
            sequenceLayout(6, JAVA_INT).withName("spare"));

    /** {@code struct flock} (x86_64). */
    public static final StructLayout FLOCK = structLayout(
            JAVA_SHORT.withName("l_type"),
            JAVA_SHORT.withName("l_whence"),
            paddingLayout(4),
            JAVA_LONG.withName("l_start"),
            JAVA_LONG.withName("l_len"),
            JAVA_INT.withName("l_pid"),
            paddingLayout(4));

    /** {@code struct fuse_file_info}; {@code bits} holds writepage, direct_io, keep_cache, … from bit 0. */
    public static final StructLayout FILE_INFO = structLayout(
            JAVA_INT.withName("flags"),
            JAVA_INT.withName("bits"),
            JAVA_INT.withName("padding2"),
            paddingLayout(4),
            JAVA_LONG.withName("fh"),
            JAVA_LONG.withName("lock_owner"),
            JAVA_INT.withName("poll_events"),
            paddingLayout(4));

    /** {@code struct fuse_entry_param}. */
    public static final StructLayout ENTRY_PARAM = structLayout(
            JAVA_LONG.withName("ino"),
            JAVA_LONG.withName("generation"),
            STAT.withName("attr"),
            JAVA_DOUBLE.withName("attr_timeout"),
            JAVA_DOUBLE.withName("entry_timeout"));

    /** {@code struct fuse_conn_info}. */
    public static final StructLayout CONN_INFO = structLayout(
            JAVA_INT.withName("proto_major"),
            JAVA_INT.withName("proto_minor"),
            JAVA_INT.withName("max_write"),
            JAVA_INT.withName("max_read"),
            JAVA_INT.withName("max_readahead"),
            JAVA_INT.withName("capable"),
            JAVA_INT.withName("want"),
            JAVA_INT.withName("max_background"),
            JAVA_INT.withName("congestion_threshold"),
            JAVA_INT.withName("time_gran"),
            sequenceLayout(22, JAVA_INT).withName("reserved"));

    /** {@code struct fuse_ctx}. */
    public static final StructLayout CTX = structLayout(
            JAVA_INT.withName("uid"), JAVA_INT.withName("gid"), JAVA_INT.withName("pid"), JAVA_INT.withName("umask"));

    /** {@code struct fuse_forget_data}. */
    public static final StructLayout FORGET_DATA =
            structLayout(JAVA_LONG.withName("ino"), JAVA_LONG.withName("nlookup"));

    /** {@code struct fuse_buf}. */
    public static final StructLayout BUF = structLayout(
            JAVA_LONG.withName("size"),
            JAVA_INT.withName("flags"),
            paddingLayout(4),
            ADDRESS.withName("mem"),
            JAVA_INT.withName("fd"),
            paddingLayout(4),
            JAVA_LONG.withName("pos"));

    /** {@code struct fuse_bufvec} with its one inline buffer. */
    public static final StructLayout BUFVEC = structLayout(
            JAVA_LONG.withName("count"), JAVA_LONG.withName("idx"), JAVA_LONG.withName("off"), BUF.withName("buf"));

    /** {@code struct fuse_args}. */
    public static final StructLayout ARGS = structLayout(
            JAVA_INT.withName("argc"),
            paddingLayout(4),
            ADDRESS.withName("argv"),
            JAVA_INT.withName("allocated"),
            paddingLayout(4));

    /** {@code struct timespec}. */
    public static final StructLayout TIMESPEC =
            structLayout(JAVA_LONG.withName("tv_sec"), JAVA_LONG.withName("tv_nsec"));

    // fuse_file_info bit-fields (from bit 0 of the int after flags)
    static final int FI_WRITEPAGE = 1, FI_DIRECT_IO = 1 << 1, FI_KEEP_CACHE = 1 << 2, FI_FLUSH = 1 << 3;
    static final int FI_NONSEEKABLE = 1 << 4, FI_FLOCK_RELEASE = 1 << 5, FI_CACHE_READDIR = 1 << 6;
    static final int FI_NOFLUSH = 1 << 7;

    // fuse_buf flags and fuse_buf_copy flags
    static final int FUSE_BUF_IS_FD = 1 << 1, FUSE_BUF_FD_SEEK = 1 << 2;
    static final int FUSE_BUF_SPLICE_MOVE = 1 << 3;

    private Structs() {}

    /** Returns the byte offset of field {@code name} in {@code layout} (a path such as "attr", "st_ino"). */
    public static long offset(MemoryLayout layout, String... names) {
        PathElement[] path = new PathElement[names.length];
        for (int i = 0; i < names.length; i++) {
            path[i] = PathElement.groupElement(names[i]);
        }
        return layout.byteOffset(path);
    }
}
