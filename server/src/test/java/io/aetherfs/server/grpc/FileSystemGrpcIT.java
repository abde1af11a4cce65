package io.aetherfs.server.grpc;

import static io.aetherfs.server.grpc.GrpcTestCalls.assertFails;
import static io.aetherfs.server.grpc.GrpcTestCalls.readText;
import static io.aetherfs.server.grpc.GrpcTestCalls.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.aetherfs.proto.v1.BatchOperation;
import io.aetherfs.proto.v1.BatchRequest;
import io.aetherfs.proto.v1.BatchResult;
import io.aetherfs.proto.v1.CreateDirectoryRequest;
import io.aetherfs.proto.v1.CreateSymlinkRequest;
import io.aetherfs.proto.v1.DeleteDirectoryRequest;
import io.aetherfs.proto.v1.DeleteFileRequest;
import io.aetherfs.proto.v1.DeleteOp;
import io.aetherfs.proto.v1.EntryType;
import io.aetherfs.proto.v1.FallocateMode;
import io.aetherfs.proto.v1.FallocateRequest;
import io.aetherfs.proto.v1.FlockKind;
import io.aetherfs.proto.v1.FlockRequest;
import io.aetherfs.proto.v1.FunlockRequest;
import io.aetherfs.proto.v1.GetCasExtentsRequest;
import io.aetherfs.proto.v1.GetFileManifestRequest;
import io.aetherfs.proto.v1.GetPosixLockRequest;
import io.aetherfs.proto.v1.GetXattrRequest;
import io.aetherfs.proto.v1.LinkRequest;
import io.aetherfs.proto.v1.ListXattrsRequest;
import io.aetherfs.proto.v1.ManifestEntry;
import io.aetherfs.proto.v1.MkdirOp;
import io.aetherfs.proto.v1.PatchSegment;
import io.aetherfs.proto.v1.PatchSegmentsRequest;
import io.aetherfs.proto.v1.PosixLockKind;
import io.aetherfs.proto.v1.PosixLockOwner;
import io.aetherfs.proto.v1.ReadSymlinkRequest;
import io.aetherfs.proto.v1.RemoveXattrRequest;
import io.aetherfs.proto.v1.RenameRequest;
import io.aetherfs.proto.v1.SeekHoleDataRequest;
import io.aetherfs.proto.v1.SeekWhence;
import io.aetherfs.proto.v1.SetAttributesRequest;
import io.aetherfs.proto.v1.SetPosixLockBlockingRequest;
import io.aetherfs.proto.v1.SetPosixLockRequest;
import io.aetherfs.proto.v1.SetXattrRequest;
import io.aetherfs.proto.v1.SymlinkOp;
import io.aetherfs.proto.v1.UnlinkRequest;
import io.aetherfs.proto.v1.WriteOp;
import io.aetherfs.proto.v1.XattrFlag;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The unary FileSystemService RPCs over a real socket. */
class FileSystemGrpcIT {
    @RegisterExtension
    static final GrpcServerExtension grpc = GrpcServerExtension.perClass();

    private final GrpcTestServer server = grpc.server();
    private final GrpcTestServer.Stubs alice = server.inNewTenant("alice");
    private final String id = GrpcTestCalls.newSession(alice);

    @Test
    void manifest_isRecursiveByDefault_pagesAndCanListOneLevelWithExtents() throws Exception {
        write(alice, id, "a/b/c.txt", "c");
        write(alice, id, "a/d.txt", "dd");
        GetFileManifestRequest all =
                GetFileManifestRequest.newBuilder().setSessionId(id).build();
        var m = alice.files.getFileManifest(all);
        assertThat(m.getEntriesList())
                .extracting(ManifestEntry::getPath)
                .containsExactly("a", "a/b", "a/b/c.txt", "a/d.txt");
        assertThat(m.getFingerprint()).hasSize(40);
        ManifestEntry c = m.getEntries(2);
        assertThat(c.getType()).isEqualTo(EntryType.ENTRY_TYPE_FILE);
        assertThat(c.getSize()).isEqualTo(1);
        assertThat(c.getMode()).isEqualTo(0644);
        assertThat(c.getContentHash()).isEqualTo(sha256("c"));
        assertThat(c.getNlink()).isEqualTo(1);
        assertThat(c.getInodeId()).isPositive();
        assertThat(c.hasMtime()).isTrue();
        assertThat(c.getCasExtentsList()).isEmpty();
        assertThat(m.getEntries(0).getType()).isEqualTo(EntryType.ENTRY_TYPE_DIRECTORY);
        assertThat(m.getEntries(0).getContentHash()).hasSize(64);

        var page = alice.files.getFileManifest(all.toBuilder().setPageSize(3).build());
        assertThat(page.getEntriesCount()).isEqualTo(3);
        var rest = alice.files.getFileManifest(all.toBuilder()
                .setPageSize(3)
                .setPageToken(page.getNextPageToken())
                .build());
        assertThat(rest.getEntriesList()).extracting(ManifestEntry::getPath).containsExactly("a/d.txt");
        assertThat(rest.getNextPageToken()).isEmpty();

        var level = alice.files.getFileManifest(all.toBuilder()
                .setPathPrefix("a")
                .setRecursive(false)
                .setIncludeCasExtents(true)
                .build());
        assertThat(level.getEntriesList()).extracting(ManifestEntry::getPath).containsExactly("a/b", "a/d.txt");
        assertThat(level.getEntries(1).getCasExtentsList()).singleElement().satisfies(e -> {
            assertThat(e.getOffset()).isZero();
            assertThat(e.getLength()).isEqualTo(2);
            assertThat(e.getHash()).isEqualTo(sha256("dd"));
        });
    }

    @Test
    void namespaceOperations_createRenameLinkAndDelete() {
        ManifestEntry dir = alice.files.createDirectory(CreateDirectoryRequest.newBuilder()
                .setSessionId(id)
                .setPath("x/y")
                .setCreateParents(true)
                .build());
        assertThat(dir.getType()).isEqualTo(EntryType.ENTRY_TYPE_DIRECTORY);
        assertThat(dir.getMode()).isEqualTo(0755);
        assertFails(
                () -> alice.files.createDirectory(CreateDirectoryRequest.newBuilder()
                        .setSessionId(id)
                        .setPath("x/y")
                        .build()),
                Status.Code.ALREADY_EXISTS,
                "PATH_EXISTS");
        write(alice, id, "x/y/f.txt", "data");
        ManifestEntry link = alice.files.createSymlink(CreateSymlinkRequest.newBuilder()
                .setSessionId(id)
                .setPath("l")
                .setTarget("x/y/f.txt")
                .build());
        assertThat(link.getType()).isEqualTo(EntryType.ENTRY_TYPE_SYMLINK);
        assertThat(link.getSymlinkTarget()).isEqualTo("x/y/f.txt");
        assertThat(alice.files
                        .readSymlink(ReadSymlinkRequest.newBuilder()
                                .setSessionId(id)
                                .setPath("l")
                                .build())
                        .getTarget())
                .isEqualTo("x/y/f.txt");

        ManifestEntry moved = alice.files.rename(RenameRequest.newBuilder()
                .setSessionId(id)
                .setFromPath("x/y/f.txt")
                .setToPath("f.txt")
                .setExpectedHash(sha256("data"))
                .build());
        assertThat(moved.getPath()).isEqualTo("f.txt");
        ManifestEntry hard = alice.files.link(LinkRequest.newBuilder()
                .setSessionId(id)
                .setExistingPath("f.txt")
                .setNewPath("g.txt")
                .build());
        assertThat(hard.getNlink()).isEqualTo(2);
        assertThat(hard.getInodeId()).isEqualTo(moved.getInodeId());
        alice.files.unlink(
                UnlinkRequest.newBuilder().setSessionId(id).setPath("g.txt").build());
        assertFails(
                () -> alice.files.deleteDirectory(DeleteDirectoryRequest.newBuilder()
                        .setSessionId(id)
                        .setPath("x")
                        .build()),
                Status.Code.FAILED_PRECONDITION,
                "DIRECTORY_NOT_EMPTY");
        alice.files.deleteDirectory(DeleteDirectoryRequest.newBuilder()
                .setSessionId(id)
                .setPath("x")
                .setRecursive(true)
                .build());
        alice.files.deleteFile(
                DeleteFileRequest.newBuilder().setSessionId(id).setPath("l").build());
        var left = alice.files.getFileManifest(
                GetFileManifestRequest.newBuilder().setSessionId(id).build());
        assertThat(left.getEntriesList()).extracting(ManifestEntry::getPath).containsExactly("f.txt");
        assertThat(left.getEntries(0).getNlink()).isEqualTo(1);
    }

    @Test
    void batch_appliesAllOperations_withEmptyResultsForDeletes() {
        write(alice, id, "old.txt", "old");
        var r = alice.files.batch(BatchRequest.newBuilder()
                .setSessionId(id)
                .addOperations(BatchOperation.newBuilder()
                        .setMkdir(MkdirOp.newBuilder().setPath("d").setMode(0700)))
                .addOperations(BatchOperation.newBuilder()
                        .setWrite(WriteOp.newBuilder()
                                .setPath("d/a.txt")
                                .setContent(ByteString.copyFromUtf8("A"))
                                .setMode(0600)))
                .addOperations(BatchOperation.newBuilder()
                        .setSymlink(SymlinkOp.newBuilder().setPath("s").setTarget("d/a.txt")))
                .addOperations(BatchOperation.newBuilder()
                        .setDelete(DeleteOp.newBuilder().setPath("old.txt")))
                .build());
        assertThat(r.getResultsList())
                .extracting(BatchResult::getResultCase)
                .containsExactly(
                        BatchResult.ResultCase.ENTRY,
                        BatchResult.ResultCase.ENTRY,
                        BatchResult.ResultCase.ENTRY,
                        BatchResult.ResultCase.EMPTY);
        assertThat(r.getResults(0).getEntry().getMode()).isEqualTo(0700);
        assertThat(r.getResults(1).getEntry().getMode()).isEqualTo(0600);
        assertThat(r.getFingerprint()).hasSize(40);
        assertFails(
                () -> alice.files.batch(BatchRequest.newBuilder()
                        .setSessionId(id)
                        .addOperations(BatchOperation.getDefaultInstance())
                        .build()),
                Status.Code.INVALID_ARGUMENT);
        assertFails(
                () -> alice.files.batch(BatchRequest.newBuilder()
                        .setSessionId(id)
                        .addOperations(BatchOperation.newBuilder()
                                .setWrite(WriteOp.newBuilder()
                                        .setPath("new.txt")
                                        .setContent(ByteString.copyFromUtf8("n"))))
                        .addOperations(BatchOperation.newBuilder()
                                .setDelete(DeleteOp.newBuilder().setPath("missing.txt")))
                        .build()),
                Status.Code.NOT_FOUND);
        assertFails(() -> readText(alice, id, "new.txt"), Status.Code.NOT_FOUND);
    }

    @Test
    void sparseFiles_patchSeekExtentsAndFallocate() {
        // 20 KiB: above the 16 KiB inline-extent size. A new inline extent in a patch of a multi-block file
        // currently fails in the service layer (its lazy content hash is computed before the extent is
        // committed); that is reported, not worked around, here.
        int tail = 20 << 10;
        long size = (5 << 20) + tail;
        var patched = alice.files.patchSegments(PatchSegmentsRequest.newBuilder()
                .setSessionId(id)
                .setPath("sparse.bin")
                .setCreateIfMissing(true)
                .addSegments(PatchSegment.newBuilder().setOffset(5 << 20).setData(ByteString.copyFrom(new byte[tail])))
                .build());
        assertThat(patched.getSize()).isEqualTo(size);
        long dataAt = seek(0, SeekWhence.SEEK_WHENCE_DATA);
        assertThat(dataAt).isBetween(4L << 20, 5L << 20);
        assertThat(seek(0, SeekWhence.SEEK_WHENCE_HOLE)).isZero();
        assertFails(() -> seek(6 << 20, SeekWhence.SEEK_WHENCE_DATA), Status.Code.OUT_OF_RANGE);
        assertFails(() -> seek(0, SeekWhence.SEEK_WHENCE_UNSPECIFIED), Status.Code.INVALID_ARGUMENT);
        var extents = alice.files.getCasExtents(GetCasExtentsRequest.newBuilder()
                .setSessionId(id)
                .setPath("sparse.bin")
                .build());
        assertThat(extents.getSize()).isEqualTo(size);
        assertThat(extents.getContentHash()).isEqualTo(patched.getContentHash()).hasSize(64);
        assertThat(extents.getCasExtentsList()).singleElement().satisfies(e -> assertThat(e.getOffset())
                .isEqualTo(dataAt));

        var punched = alice.files.fallocate(FallocateRequest.newBuilder()
                .setSessionId(id)
                .setPath("sparse.bin")
                .setOffset(4 << 20)
                .setLength(2 << 20)
                .setMode(FallocateMode.FALLOCATE_MODE_PUNCH_HOLE)
                .setKeepSize(true)
                .build());
        assertThat(punched.getSize()).isEqualTo(size);
        assertThat(alice.files
                        .getCasExtents(GetCasExtentsRequest.newBuilder()
                                .setSessionId(id)
                                .setPath("sparse.bin")
                                .build())
                        .getCasExtentsList())
                .isEmpty();
        assertFails(
                () -> alice.files.fallocate(FallocateRequest.newBuilder()
                        .setSessionId(id)
                        .setPath("sparse.bin")
                        .setLength(1)
                        .build()),
                Status.Code.INVALID_ARGUMENT);
        assertFails(
                () -> alice.files.fallocate(FallocateRequest.newBuilder()
                        .setSessionId(id)
                        .setPath("sparse.bin")
                        .setLength(1)
                        .setModeValue(9)
                        .build()),
                Status.Code.UNIMPLEMENTED);
    }

    @Test
    void attributesAndXattrs_roundTrip() {
        write(alice, id, "f", "12345");
        var attrs = alice.files.setAttributes(SetAttributesRequest.newBuilder()
                .setSessionId(id)
                .setPath("f")
                .setMode(0600)
                .setSize(2)
                .setMtime(Timestamp.newBuilder().setSeconds(1_700_000_000).setNanos(5))
                .build());
        assertThat(attrs.getMode()).isEqualTo(0600);
        assertThat(attrs.getSize()).isEqualTo(2);
        assertThat(attrs.getMtime())
                .isEqualTo(Timestamp.newBuilder()
                        .setSeconds(1_700_000_000)
                        .setNanos(5)
                        .build());
        assertThat(readText(alice, id, "f")).isEqualTo("12");

        SetXattrRequest set = SetXattrRequest.newBuilder()
                .setSessionId(id)
                .setPath("f")
                .setName("user.k")
                .setValue(ByteString.copyFromUtf8("v"))
                .setFlags(XattrFlag.XATTR_FLAG_CREATE)
                .build();
        alice.files.setXattr(set);
        assertFails(() -> alice.files.setXattr(set), Status.Code.ALREADY_EXISTS);
        assertThat(alice.files
                        .getXattr(GetXattrRequest.newBuilder()
                                .setSessionId(id)
                                .setPath("f")
                                .setName("user.k")
                                .build())
                        .getValue()
                        .toStringUtf8())
                .isEqualTo("v");
        assertThat(alice.files
                        .listXattrs(ListXattrsRequest.newBuilder()
                                .setSessionId(id)
                                .setPath("f")
                                .build())
                        .getNamesList())
                .containsExactly("user.k");
        alice.files.removeXattr(RemoveXattrRequest.newBuilder()
                .setSessionId(id)
                .setPath("f")
                .setName("user.k")
                .build());
        assertFails(
                () -> alice.files.getXattr(GetXattrRequest.newBuilder()
                        .setSessionId(id)
                        .setPath("f")
                        .setName("user.k")
                        .build()),
                Status.Code.NOT_FOUND);
    }

    @Test
    void posixLocksAndFlocks_conflictBetweenOwners() {
        write(alice, id, "db", "x");
        PosixLockOwner a = PosixLockOwner.newBuilder().setOwnerId("a").setPid(1).build();
        PosixLockOwner b = PosixLockOwner.newBuilder().setOwnerId("b").setPid(2).build();
        var lock = alice.files.setPosixLock(SetPosixLockRequest.newBuilder()
                .setSessionId(id)
                .setPath("db")
                .setOwner(a)
                .setKind(PosixLockKind.POSIX_LOCK_KIND_WRITE)
                .setStart(0)
                .setLength(10)
                .build());
        assertThat(lock.getOwner()).isEqualTo(a);
        assertThat(lock.getKind()).isEqualTo(PosixLockKind.POSIX_LOCK_KIND_WRITE);
        assertThat(lock.hasExpiresAt()).isTrue();
        var probe = alice.files.getPosixLock(GetPosixLockRequest.newBuilder()
                .setSessionId(id)
                .setPath("db")
                .setOwner(b)
                .setKind(PosixLockKind.POSIX_LOCK_KIND_READ)
                .setStart(5)
                .setLength(1)
                .build());
        assertThat(probe.getConflict().getOwner()).isEqualTo(a);
        SetPosixLockRequest byB = SetPosixLockRequest.newBuilder()
                .setSessionId(id)
                .setPath("db")
                .setOwner(b)
                .setKind(PosixLockKind.POSIX_LOCK_KIND_READ)
                .setStart(5)
                .setLength(1)
                .build();
        assertFails(() -> alice.files.setPosixLock(byB), Status.Code.FAILED_PRECONDITION, "LOCK_CONFLICT");
        assertFails(
                () -> alice.files.setPosixLockBlocking(SetPosixLockBlockingRequest.newBuilder()
                        .setSessionId(id)
                        .setPath("db")
                        .setOwner(b)
                        .setKind(PosixLockKind.POSIX_LOCK_KIND_READ)
                        .setWaitTimeoutMs(100)
                        .build()),
                Status.Code.DEADLINE_EXCEEDED);
        alice.files.setPosixLock(byB.toBuilder()
                .setOwner(a)
                .setKind(PosixLockKind.POSIX_LOCK_KIND_UNLOCK)
                .setStart(0)
                .setLength(0)
                .build());
        assertThat(alice.files
                        .setPosixLockBlocking(SetPosixLockBlockingRequest.newBuilder()
                                .setSessionId(id)
                                .setPath("db")
                                .setOwner(b)
                                .setKind(PosixLockKind.POSIX_LOCK_KIND_READ)
                                .setWaitTimeoutMs(1000)
                                .build())
                        .getOwner())
                .isEqualTo(b);

        FlockRequest exclusive = FlockRequest.newBuilder()
                .setSessionId(id)
                .setPath("db")
                .setOwner(a)
                .setKind(FlockKind.FLOCK_KIND_EXCLUSIVE)
                .setNonBlocking(true)
                .build();
        alice.files.flock(exclusive);
        assertFails(
                () -> alice.files.flock(exclusive.toBuilder().setOwner(b).build()),
                Status.Code.FAILED_PRECONDITION,
                "LOCK_CONFLICT");
        alice.files.funlock(FunlockRequest.newBuilder()
                .setSessionId(id)
                .setPath("db")
                .setOwner(a)
                .build());
        alice.files.flock(exclusive.toBuilder().setOwner(b).build());
        assertFails(
                () -> alice.files.flock(exclusive.toBuilder()
                        .setKind(FlockKind.FLOCK_KIND_UNSPECIFIED)
                        .build()),
                Status.Code.INVALID_ARGUMENT);
    }

    private long seek(long offset, SeekWhence whence) {
        return alice.files
                .seekHoleData(SeekHoleDataRequest.newBuilder()
                        .setSessionId(id)
                        .setPath("sparse.bin")
                        .setOffset(offset)
                        .setWhence(whence)
                        .build())
                .getOffset();
    }

    static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
