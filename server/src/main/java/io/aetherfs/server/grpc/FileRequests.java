package io.aetherfs.server.grpc;

import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.ErrorCode;
import io.aetherfs.proto.v1.BatchOperation;
import io.aetherfs.proto.v1.FlockKind;
import io.aetherfs.proto.v1.PosixLockKind;
import io.aetherfs.proto.v1.SeekWhence;
import io.aetherfs.proto.v1.WriteFileHeader;
import io.aetherfs.proto.v1.XattrFlag;
import io.aetherfs.service.archive.ArchiveFormat;
import io.aetherfs.service.files.BatchOp;
import io.aetherfs.service.files.FallocateMode;
import io.aetherfs.service.files.WriteFile;
import io.aetherfs.service.locks.PosixLock;
import io.aetherfs.service.locks.PosixLocks;
import java.time.Duration;

/** Turns filesystem request fields into service arguments: batch operations, write headers and enum choices. */
final class FileRequests {
    private FileRequests() {}

    /** Returns the whole-file write a WriteFile header describes (mode 0 = server default). */
    static WriteFile write(WriteFileHeader h) {
        return new WriteFile(
                Wire.path(h.getPath()),
                h.getCreateParents(),
                mode(h.getMode()),
                h.hasMtime() ? ProtoTimes.nanos("mtime", h.getMtime()) : null,
                Wire.optional(h.getExpectedHash()),
                false);
    }

    /** Returns one batch operation; an operation without a kind is INVALID_ARGUMENT. */
    static BatchOp batchOp(BatchOperation op) {
        return switch (op.getOpCase()) {
            case WRITE -> {
                var w = op.getWrite();
                yield new BatchOp.Write(
                        Wire.path(w.getPath()),
                        w.getContent().toByteArray(),
                        mode(w.getMode()),
                        w.getCreateParents(),
                        Wire.optional(w.getExpectedHash()));
            }
            case DELETE ->
                new BatchOp.Delete(
                        Wire.path(op.getDelete().getPath()),
                        Wire.optional(op.getDelete().getExpectedHash()));
            case MKDIR ->
                new BatchOp.Mkdir(
                        Wire.path(op.getMkdir().getPath()),
                        mode(op.getMkdir().getMode()),
                        op.getMkdir().getCreateParents());
            case RMDIR ->
                new BatchOp.Rmdir(
                        Wire.path(op.getRmdir().getPath()),
                        op.getRmdir().getRecursive(),
                        Wire.optional(op.getRmdir().getExpectedHash()));
            case RENAME -> {
                var r = op.getRename();
                yield new BatchOp.Rename(
                        Wire.path(r.getFromPath()),
                        Wire.path(r.getToPath()),
                        r.getOverwrite(),
                        r.getExchange(),
                        Wire.optional(r.getExpectedHash()));
            }
            case SYMLINK ->
                new BatchOp.Symlink(
                        Wire.path(op.getSymlink().getPath()), op.getSymlink().getTarget());
            case LINK ->
                new BatchOp.Link(
                        Wire.path(op.getLink().getExistingPath()),
                        Wire.path(op.getLink().getNewPath()),
                        Wire.optional(op.getLink().getExpectedHash()));
            case SET_ATTRIBUTES -> {
                var a = op.getSetAttributes();
                yield new BatchOp.SetAttributes(
                        Wire.path(a.getPath()),
                        a.hasMode() ? a.getMode() : null,
                        a.hasUid() ? a.getUid() : null,
                        a.hasGid() ? a.getGid() : null,
                        a.hasSize() ? a.getSize() : null,
                        a.hasMtime() ? ProtoTimes.nanos("mtime", a.getMtime()) : null,
                        Wire.optional(a.getExpectedHash()));
            }
            case SET_XATTR -> {
                var x = op.getSetXattr();
                yield new BatchOp.SetXattr(
                        Wire.path(x.getPath()),
                        x.getName(),
                        x.getValue().toByteArray(),
                        xattrFlags(x.getFlags()),
                        Wire.optional(x.getExpectedHash()));
            }
            case REMOVE_XATTR ->
                new BatchOp.RemoveXattr(
                        Wire.path(op.getRemoveXattr().getPath()),
                        op.getRemoveXattr().getName(),
                        Wire.optional(op.getRemoveXattr().getExpectedHash()));
            case OP_NOT_SET -> throw AfsException.invalid("a batch operation names no kind (write, delete, mkdir, …)");
        };
    }

    /** Returns the permission bits, or null for 0 (the server default). */
    static Integer mode(int mode) {
        return mode == 0 ? null : mode;
    }

    /** Returns the setXattr flags: 0 either, 1 create only, 2 replace only. */
    static int xattrFlags(XattrFlag f) {
        if (f == XattrFlag.UNRECOGNIZED) {
            throw AfsException.invalid("flags has an unknown value");
        }
        return f.getNumber();
    }

    /** Returns whether SeekHoleData looks for data (true) or a hole (false). */
    static boolean seeksData(SeekWhence w) {
        return switch (w) {
            case SEEK_WHENCE_DATA -> true;
            case SEEK_WHENCE_HOLE -> false;
            default -> throw AfsException.invalid("whence must be SEEK_WHENCE_DATA or SEEK_WHENCE_HOLE");
        };
    }

    /** Returns the fallocate mode; unknown modes are UNIMPLEMENTED. */
    static FallocateMode fallocate(io.aetherfs.proto.v1.FallocateMode m) {
        FallocateMode mode =
                EnumMapping.toCoreOrNull(m, "FALLOCATE_MODE_", FallocateMode.class, "mode", ErrorCode.UNIMPLEMENTED);
        if (mode == null) {
            throw AfsException.invalid("mode is required (FALLOCATE_MODE_ALLOCATE or FALLOCATE_MODE_PUNCH_HOLE)");
        }
        return mode;
    }

    static PosixLock.Kind lockKind(PosixLockKind k) {
        return EnumMapping.toCore(k, "POSIX_LOCK_KIND_", PosixLock.Kind.class, "kind");
    }

    /** Returns whether a flock is exclusive. */
    static boolean exclusive(FlockKind k) {
        return switch (k) {
            case FLOCK_KIND_EXCLUSIVE -> true;
            case FLOCK_KIND_SHARED -> false;
            default -> throw AfsException.invalid("kind must be FLOCK_KIND_SHARED or FLOCK_KIND_EXCLUSIVE");
        };
    }

    /** Returns a lock lease: 0 means the default of 60 s. */
    static Duration lease(int seconds) {
        if (seconds < 0) {
            throw AfsException.invalid("lease_seconds must not be negative");
        }
        return seconds == 0 ? PosixLocks.DEFAULT_LEASE : Duration.ofSeconds(seconds);
    }

    /** Returns the archive format of an export or a sync; GIT_BUNDLE is not an archive of a tree. */
    static ArchiveFormat archive(io.aetherfs.proto.v1.ArchiveFormat f, boolean required) {
        ArchiveFormat format = EnumMapping.toCoreOrNull(
                f, "ARCHIVE_FORMAT_", ArchiveFormat.class, "format", ErrorCode.INVALID_ARGUMENT);
        if (format == null && required) {
            throw AfsException.invalid(
                    "format is required (ARCHIVE_FORMAT_TAR, ARCHIVE_FORMAT_TAR_GZ or ARCHIVE_FORMAT_ZIP)");
        }
        return format;
    }
}
