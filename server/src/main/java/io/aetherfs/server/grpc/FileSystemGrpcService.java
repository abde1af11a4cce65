package io.aetherfs.server.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.Empty;
import io.aetherfs.core.content.Segment;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.proto.v1.BatchRequest;
import io.aetherfs.proto.v1.BatchResponse;
import io.aetherfs.proto.v1.BatchResult;
import io.aetherfs.proto.v1.CreateDirectoryRequest;
import io.aetherfs.proto.v1.CreateSymlinkRequest;
import io.aetherfs.proto.v1.DeleteDirectoryRequest;
import io.aetherfs.proto.v1.DeleteFileRequest;
import io.aetherfs.proto.v1.DownloadSessionAsTarballRequest;
import io.aetherfs.proto.v1.DownloadSessionAsTarballResponse;
import io.aetherfs.proto.v1.FallocateRequest;
import io.aetherfs.proto.v1.FileChunk;
import io.aetherfs.proto.v1.FileSystemServiceGrpc;
import io.aetherfs.proto.v1.FlockRequest;
import io.aetherfs.proto.v1.FunlockRequest;
import io.aetherfs.proto.v1.GetCasExtentsRequest;
import io.aetherfs.proto.v1.GetCasExtentsResponse;
import io.aetherfs.proto.v1.GetFileManifestRequest;
import io.aetherfs.proto.v1.GetFileManifestResponse;
import io.aetherfs.proto.v1.GetPosixLockRequest;
import io.aetherfs.proto.v1.GetPosixLockResponse;
import io.aetherfs.proto.v1.GetXattrRequest;
import io.aetherfs.proto.v1.GetXattrResponse;
import io.aetherfs.proto.v1.LinkRequest;
import io.aetherfs.proto.v1.ListXattrsRequest;
import io.aetherfs.proto.v1.ListXattrsResponse;
import io.aetherfs.proto.v1.ManifestEntry;
import io.aetherfs.proto.v1.PatchSegmentsRequest;
import io.aetherfs.proto.v1.PosixLock;
import io.aetherfs.proto.v1.ReadFileRequest;
import io.aetherfs.proto.v1.ReadSymlinkRequest;
import io.aetherfs.proto.v1.ReadSymlinkResponse;
import io.aetherfs.proto.v1.RemoveXattrRequest;
import io.aetherfs.proto.v1.RenameRequest;
import io.aetherfs.proto.v1.SeekHoleDataRequest;
import io.aetherfs.proto.v1.SeekHoleDataResponse;
import io.aetherfs.proto.v1.SetAttributesRequest;
import io.aetherfs.proto.v1.SetPosixLockBlockingRequest;
import io.aetherfs.proto.v1.SetPosixLockRequest;
import io.aetherfs.proto.v1.SetXattrRequest;
import io.aetherfs.proto.v1.StreamFileRangeRequest;
import io.aetherfs.proto.v1.SyncChangesFromTarballRequest;
import io.aetherfs.proto.v1.SyncChangesFromTarballResponse;
import io.aetherfs.proto.v1.UnlinkRequest;
import io.aetherfs.proto.v1.WriteFileRequest;
import io.aetherfs.server.api.Callers;
import io.aetherfs.service.Services;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.files.FileRead;
import io.aetherfs.service.files.ManifestQuery;
import io.aetherfs.service.files.SetAttributes;
import io.grpc.stub.StreamObserver;

/**
 * The gRPC FileSystemService (spec §9.2, §10): manifest, namespace and content mutations and xattrs here;
 * the streaming RPCs in {@link FileTransfers} and the POSIX lock RPCs in {@link PosixLockCalls}. Every
 * mutation passes its lock token ({@code lock_token}, or {@code x-aetherfs-lock-token} metadata) to the
 * service, which refuses changes to paths under other collaboration locks.
 */
public final class FileSystemGrpcService extends FileSystemServiceGrpc.FileSystemServiceImplBase {
    private final Services services;
    private final FileTransfers transfers;
    private final PosixLockCalls locks;

    public FileSystemGrpcService(Services services) {
        this.services = services;
        this.transfers = new FileTransfers(services);
        this.locks = new PosixLockCalls(services);
    }

    @Override
    public void getFileManifest(GetFileManifestRequest req, StreamObserver<GetFileManifestResponse> out) {
        GrpcCalls.unary(out, () -> {
            Caller caller = Callers.current();
            var query = new ManifestQuery(
                    Wire.path(req.getPathPrefix()),
                    !req.hasRecursive() || req.getRecursive(),
                    req.getIncludeCasExtents());
            var m = services.fileReads()
                    .manifest(
                            caller,
                            Wire.session(req.getSessionId()),
                            query,
                            Wire.page(req.getPageSize(), req.getPageToken()));
            return GetFileManifestResponse.newBuilder()
                    .addAllEntries(m.entries().stream().map(FileMapping::entry).toList())
                    .setFingerprint(Wire.orEmpty(m.fingerprint()))
                    .setNextPageToken(m.nextPageToken())
                    .build();
        });
    }

    @Override
    public void readFile(ReadFileRequest req, StreamObserver<FileChunk> out) {
        transfers.readFile(req, out);
    }

    @Override
    public void streamFileRange(StreamFileRangeRequest req, StreamObserver<FileChunk> out) {
        transfers.streamFileRange(req, out);
    }

    @Override
    public StreamObserver<WriteFileRequest> writeFile(StreamObserver<ManifestEntry> out) {
        return transfers.writeFile(out);
    }

    @Override
    public void downloadSessionAsTarball(
            DownloadSessionAsTarballRequest req, StreamObserver<DownloadSessionAsTarballResponse> out) {
        transfers.downloadSessionAsTarball(req, out);
    }

    @Override
    public StreamObserver<SyncChangesFromTarballRequest> syncChangesFromTarball(
            StreamObserver<SyncChangesFromTarballResponse> out) {
        return transfers.syncChangesFromTarball(out);
    }

    @Override
    public void deleteFile(DeleteFileRequest req, StreamObserver<Empty> out) {
        GrpcCalls.unary(out, () -> {
            Caller caller = Callers.current();
            services.namespace()
                    .deleteFile(
                            caller,
                            Wire.session(req.getSessionId()),
                            Wire.path(req.getPath()),
                            Wire.optional(req.getExpectedHash()),
                            Wire.lockToken(req.getLockToken()));
            return Wire.EMPTY;
        });
    }

    @Override
    public void createDirectory(CreateDirectoryRequest req, StreamObserver<ManifestEntry> out) {
        GrpcCalls.unary(out, () -> {
            Caller caller = Callers.current();
            return FileMapping.entry(services.namespace()
                    .mkdir(
                            caller,
                            Wire.session(req.getSessionId()),
                            Wire.path(req.getPath()),
                            FileRequests.mode(req.getMode()),
                            req.getCreateParents(),
                            Wire.lockToken(req.getLockToken())));
        });
    }

    @Override
    public void deleteDirectory(DeleteDirectoryRequest req, StreamObserver<Empty> out) {
        GrpcCalls.unary(out, () -> {
            Caller caller = Callers.current();
            services.namespace()
                    .rmdir(
                            caller,
                            Wire.session(req.getSessionId()),
                            Wire.path(req.getPath()),
                            req.getRecursive(),
                            Wire.lockToken(req.getLockToken()));
            return Wire.EMPTY;
        });
    }

    @Override
    public void rename(RenameRequest req, StreamObserver<ManifestEntry> out) {
        GrpcCalls.unary(out, () -> {
            Caller caller = Callers.current();
            return FileMapping.entry(services.namespace()
                    .rename(
                            caller,
                            Wire.session(req.getSessionId()),
                            Wire.path(req.getFromPath()),
                            Wire.path(req.getToPath()),
                            Wire.optional(req.getExpectedHash()),
                            req.getOverwrite(),
                            req.getExchange(),
                            Wire.lockToken(req.getLockToken())));
        });
    }

    @Override
    public void link(LinkRequest req, StreamObserver<ManifestEntry> out) {
        GrpcCalls.unary(out, () -> {
            Caller caller = Callers.current();
            return FileMapping.entry(services.namespace()
                    .link(
                            caller,
                            Wire.session(req.getSessionId()),
                            Wire.path(req.getExistingPath()),
                            Wire.path(req.getNewPath()),
                            Wire.lockToken(req.getLockToken())));
        });
    }

    @Override
    public void unlink(UnlinkRequest req, StreamObserver<Empty> out) {
        GrpcCalls.unary(out, () -> {
            Caller caller = Callers.current();
            services.namespace()
                    .unlink(
                            caller,
                            Wire.session(req.getSessionId()),
                            Wire.path(req.getPath()),
                            Wire.optional(req.getExpectedHash()),
                            Wire.lockToken(req.getLockToken()));
            return Wire.EMPTY;
        });
    }

    @Override
    public void createSymlink(CreateSymlinkRequest req, StreamObserver<ManifestEntry> out) {
        GrpcCalls.unary(out, () -> {
            Caller caller = Callers.current();
            return FileMapping.entry(services.namespace()
                    .symlink(
                            caller,
                            Wire.session(req.getSessionId()),
                            Wire.path(req.getPath()),
                            req.getTarget(),
                            Wire.lockToken(req.getLockToken())));
        });
    }

    @Override
    public void readSymlink(ReadSymlinkRequest req, StreamObserver<ReadSymlinkResponse> out) {
        GrpcCalls.unary(out, () -> {
            Caller caller = Callers.current();
            String target = services.fileReads()
                    .readSymlink(caller, Wire.session(req.getSessionId()), Wire.path(req.getPath()));
            return ReadSymlinkResponse.newBuilder().setTarget(target).build();
        });
    }

    @Override
    public void batch(BatchRequest req, StreamObserver<BatchResponse> out) {
        GrpcCalls.unary(out, () -> {
            Caller caller = Callers.current();
            var ops =
                    req.getOperationsList().stream().map(FileRequests::batchOp).toList();
            var result = services.batches()
                    .apply(caller, Wire.session(req.getSessionId()), ops, Wire.lockToken(req.getLockToken()));
            var b = BatchResponse.newBuilder().setFingerprint(Wire.orEmpty(result.fingerprint()));
            for (var view : result.results()) {
                b.addResults(
                        view == null
                                ? BatchResult.newBuilder().setEmpty(Wire.EMPTY)
                                : BatchResult.newBuilder().setEntry(FileMapping.entry(view)));
            }
            return b.build();
        });
    }

    @Override
    public void patchSegments(PatchSegmentsRequest req, StreamObserver<ManifestEntry> out) {
        GrpcCalls.unary(out, () -> {
            Caller caller = Callers.current();
            var segments = req.getSegmentsList().stream()
                    .map(s -> segment(s.getOffset(), s.getData()))
                    .toList();
            return FileMapping.entry(services.content()
                    .patchSegments(
                            caller,
                            Wire.session(req.getSessionId()),
                            Wire.path(req.getPath()),
                            segments,
                            req.hasTruncateTo() ? req.getTruncateTo() : null,
                            Wire.optional(req.getExpectedHash()),
                            req.getCreateIfMissing(),
                            Wire.lockToken(req.getLockToken())));
        });
    }

    @Override
    public void seekHoleData(SeekHoleDataRequest req, StreamObserver<SeekHoleDataResponse> out) {
        GrpcCalls.unary(out, () -> {
            Caller caller = Callers.current();
            long offset = services.fileReads()
                    .seekHoleData(
                            caller,
                            Wire.session(req.getSessionId()),
                            Wire.path(req.getPath()),
                            req.getOffset(),
                            FileRequests.seeksData(req.getWhence()));
            return SeekHoleDataResponse.newBuilder().setOffset(offset).build();
        });
    }

    @Override
    public void getCasExtents(GetCasExtentsRequest req, StreamObserver<GetCasExtentsResponse> out) {
        GrpcCalls.unary(out, () -> {
            Caller caller = Callers.current();
            FileRead f = services.fileReads().open(caller, Wire.session(req.getSessionId()), Wire.path(req.getPath()));
            return GetCasExtentsResponse.newBuilder()
                    .setContentHash(Wire.orEmpty(f.view().hash()))
                    .setSize(f.content().size())
                    .addAllCasExtents(FileMapping.extents(f.content().extents()))
                    .build();
        });
    }

    @Override
    public void fallocate(FallocateRequest req, StreamObserver<ManifestEntry> out) {
        GrpcCalls.unary(out, () -> {
            Caller caller = Callers.current();
            return FileMapping.entry(services.content()
                    .fallocate(
                            caller,
                            Wire.session(req.getSessionId()),
                            Wire.path(req.getPath()),
                            req.getOffset(),
                            req.getLength(),
                            FileRequests.fallocate(req.getMode()),
                            req.getKeepSize(),
                            Wire.lockToken(req.getLockToken())));
        });
    }

    @Override
    public void setAttributes(SetAttributesRequest req, StreamObserver<ManifestEntry> out) {
        GrpcCalls.unary(out, () -> {
            Caller caller = Callers.current();
            return FileMapping.entry(services.content()
                    .setAttributes(
                            caller,
                            Wire.session(req.getSessionId()),
                            new SetAttributes(
                                    Wire.path(req.getPath()),
                                    req.hasMode() ? req.getMode() : null,
                                    req.hasUid() ? req.getUid() : null,
                                    req.hasGid() ? req.getGid() : null,
                                    req.hasSize() ? req.getSize() : null,
                                    req.hasMtime() ? ProtoTimes.nanos("mtime", req.getMtime()) : null),
                            Wire.lockToken(req.getLockToken())));
        });
    }

    @Override
    public void setXattr(SetXattrRequest req, StreamObserver<Empty> out) {
        GrpcCalls.unary(out, () -> {
            Caller caller = Callers.current();
            services.content()
                    .setXattr(
                            caller,
                            Wire.session(req.getSessionId()),
                            Wire.path(req.getPath()),
                            req.getName(),
                            req.getValue().toByteArray(),
                            FileRequests.xattrFlags(req.getFlags()),
                            Wire.lockToken(req.getLockToken()));
            return Wire.EMPTY;
        });
    }

    @Override
    public void getXattr(GetXattrRequest req, StreamObserver<GetXattrResponse> out) {
        GrpcCalls.unary(out, () -> {
            Caller caller = Callers.current();
            byte[] value = services.fileReads()
                    .getXattr(caller, Wire.session(req.getSessionId()), Wire.path(req.getPath()), req.getName());
            return GetXattrResponse.newBuilder()
                    .setValue(ByteString.copyFrom(value))
                    .build();
        });
    }

    @Override
    public void listXattrs(ListXattrsRequest req, StreamObserver<ListXattrsResponse> out) {
        GrpcCalls.unary(out, () -> {
            Caller caller = Callers.current();
            var names =
                    services.fileReads().listXattrs(caller, Wire.session(req.getSessionId()), Wire.path(req.getPath()));
            return ListXattrsResponse.newBuilder().addAllNames(names).build();
        });
    }

    @Override
    public void removeXattr(RemoveXattrRequest req, StreamObserver<Empty> out) {
        GrpcCalls.unary(out, () -> {
            Caller caller = Callers.current();
            services.content()
                    .removeXattr(
                            caller,
                            Wire.session(req.getSessionId()),
                            Wire.path(req.getPath()),
                            req.getName(),
                            Wire.lockToken(req.getLockToken()));
            return Wire.EMPTY;
        });
    }

    @Override
    public void getPosixLock(GetPosixLockRequest req, StreamObserver<GetPosixLockResponse> out) {
        locks.getPosixLock(req, out);
    }

    @Override
    public void setPosixLock(SetPosixLockRequest req, StreamObserver<PosixLock> out) {
        locks.setPosixLock(req, out);
    }

    @Override
    public void setPosixLockBlocking(SetPosixLockBlockingRequest req, StreamObserver<PosixLock> out) {
        locks.setPosixLockBlocking(req, out);
    }

    @Override
    public void flock(FlockRequest req, StreamObserver<Empty> out) {
        locks.flock(req, out);
    }

    @Override
    public void funlock(FunlockRequest req, StreamObserver<Empty> out) {
        locks.funlock(req, out);
    }

    private static Segment segment(long offset, ByteString data) {
        if (offset < 0) {
            throw AfsException.invalid("segment offsets must not be negative");
        }
        return new Segment(offset, data.toByteArray());
    }
}
