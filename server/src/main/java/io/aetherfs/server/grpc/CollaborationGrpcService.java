package io.aetherfs.server.grpc;

import com.google.protobuf.Empty;
import io.aetherfs.proto.v1.CollaborationServiceGrpc;
import io.aetherfs.proto.v1.FileLock;
import io.aetherfs.proto.v1.ForceUnlockRequest;
import io.aetherfs.proto.v1.ListLocksRequest;
import io.aetherfs.proto.v1.ListLocksResponse;
import io.aetherfs.proto.v1.LockFileRequest;
import io.aetherfs.proto.v1.RenewLockRequest;
import io.aetherfs.proto.v1.UnlockFileRequest;
import io.aetherfs.server.api.Callers;
import io.aetherfs.service.Services;
import io.aetherfs.service.collab.FileLocks;
import io.aetherfs.service.collab.LockToken;
import io.grpc.stub.StreamObserver;

/**
 * The gRPC CollaborationService (spec §9.3, §10): collaboration file locks. The token of a lock leaves
 * the server once, in the LockFile answer to its taker. A lock's path is required: an empty one is
 * INVALID_ARGUMENT rather than the root, which a client must name as "/".
 */
public final class CollaborationGrpcService extends CollaborationServiceGrpc.CollaborationServiceImplBase {
    private final FileLocks locks;

    public CollaborationGrpcService(Services services) {
        this.locks = services.fileLocks();
    }

    @Override
    public void lockFile(LockFileRequest req, StreamObserver<FileLock> out) {
        GrpcCalls.unary(out, () -> {
            FileLocks.Acquired a = locks.lock(
                    Callers.current(),
                    Wire.session(req.getSessionId()),
                    Wire.path(Wire.required(req.getPath(), "path")),
                    req.getTtlSeconds(),
                    Wire.optional(req.getReason()));
            return lock(a.lock()).toBuilder().setToken(a.token().value()).build();
        });
    }

    @Override
    public void unlockFile(UnlockFileRequest req, StreamObserver<Empty> out) {
        GrpcCalls.unary(out, () -> {
            locks.unlock(
                    Callers.current(),
                    Wire.session(req.getSessionId()),
                    Wire.path(Wire.required(req.getPath(), "path")),
                    LockToken.of(req.getToken()));
            return Wire.EMPTY;
        });
    }

    @Override
    public void renewLock(RenewLockRequest req, StreamObserver<FileLock> out) {
        GrpcCalls.unary(
                out,
                () -> lock(locks.renew(
                        Callers.current(),
                        Wire.session(req.getSessionId()),
                        Wire.path(Wire.required(req.getPath(), "path")),
                        LockToken.of(req.getToken()),
                        req.getTtlSeconds())));
    }

    @Override
    public void listLocks(ListLocksRequest req, StreamObserver<ListLocksResponse> out) {
        GrpcCalls.unary(out, () -> {
            var page = locks.list(
                    Callers.current(),
                    Wire.session(req.getSessionId()),
                    Wire.path(req.getPathPrefix()),
                    Wire.page(req.getPageSize(), req.getPageToken()));
            return ListLocksResponse.newBuilder()
                    .addAllLocks(page.items().stream()
                            .map(CollaborationGrpcService::lock)
                            .toList())
                    .setNextPageToken(page.nextPageToken())
                    .build();
        });
    }

    @Override
    public void forceUnlock(ForceUnlockRequest req, StreamObserver<Empty> out) {
        GrpcCalls.unary(out, () -> {
            locks.forceUnlock(
                    Callers.current(),
                    Wire.session(req.getSessionId()),
                    Wire.path(Wire.required(req.getPath(), "path")),
                    Wire.optional(req.getComment()));
            return Wire.EMPTY;
        });
    }

    /** Returns the wire form of a lock, without its token. */
    static FileLock lock(io.aetherfs.service.collab.FileLock l) {
        return FileLock.newBuilder()
                .setLockId(l.id().value())
                .setPath(l.path().value())
                .setOwner(l.owner())
                .setReason(Wire.orEmpty(l.reason()))
                .setAcquiredAt(ProtoTimes.of(l.acquiredAt()))
                .setExpiresAt(ProtoTimes.of(l.expiresAt()))
                .build();
    }
}
