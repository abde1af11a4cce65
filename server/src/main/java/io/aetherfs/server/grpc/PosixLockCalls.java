package io.aetherfs.server.grpc;

import com.google.protobuf.Empty;
import io.aetherfs.proto.v1.FlockRequest;
import io.aetherfs.proto.v1.FunlockRequest;
import io.aetherfs.proto.v1.GetPosixLockRequest;
import io.aetherfs.proto.v1.GetPosixLockResponse;
import io.aetherfs.proto.v1.PosixLock;
import io.aetherfs.proto.v1.SetPosixLockBlockingRequest;
import io.aetherfs.proto.v1.SetPosixLockRequest;
import io.aetherfs.server.api.Callers;
import io.aetherfs.service.Services;
import io.aetherfs.service.auth.Caller;
import io.grpc.stub.StreamObserver;

/** The POSIX lock and flock RPCs of the FileSystemService (spec §8.9): advisory locks keyed by owner. */
final class PosixLockCalls {
    private final Services services;

    PosixLockCalls(Services services) {
        this.services = services;
    }

    void getPosixLock(GetPosixLockRequest req, StreamObserver<GetPosixLockResponse> out) {
        GrpcCalls.unary(out, () -> {
            Caller caller = Callers.current();
            var conflict = services.posixLocks()
                    .get(
                            caller,
                            Wire.session(req.getSessionId()),
                            Wire.path(req.getPath()),
                            req.getOwner().getOwnerId(),
                            req.getOwner().getPid(),
                            FileRequests.lockKind(req.getKind()),
                            req.getStart(),
                            req.getLength());
            var b = GetPosixLockResponse.newBuilder();
            conflict.ifPresent(l -> b.setConflict(FileMapping.posixLock(l)));
            return b.build();
        });
    }

    void setPosixLock(SetPosixLockRequest req, StreamObserver<PosixLock> out) {
        GrpcCalls.unary(out, () -> {
            Caller caller = Callers.current();
            return FileMapping.posixLock(services.posixLocks()
                    .set(
                            caller,
                            Wire.session(req.getSessionId()),
                            Wire.path(req.getPath()),
                            req.getOwner().getOwnerId(),
                            req.getOwner().getPid(),
                            FileRequests.lockKind(req.getKind()),
                            req.getStart(),
                            req.getLength(),
                            FileRequests.lease(req.getLeaseSeconds())));
        });
    }

    void setPosixLockBlocking(SetPosixLockBlockingRequest req, StreamObserver<PosixLock> out) {
        GrpcCalls.unary(out, () -> {
            Caller caller = Callers.current();
            return FileMapping.posixLock(services.posixLocks()
                    .setBlocking(
                            caller,
                            Wire.session(req.getSessionId()),
                            Wire.path(req.getPath()),
                            req.getOwner().getOwnerId(),
                            req.getOwner().getPid(),
                            FileRequests.lockKind(req.getKind()),
                            req.getStart(),
                            req.getLength(),
                            FileRequests.lease(req.getLeaseSeconds()),
                            req.getWaitTimeoutMs()));
        });
    }

    void flock(FlockRequest req, StreamObserver<Empty> out) {
        GrpcCalls.unary(out, () -> {
            Caller caller = Callers.current();
            services.posixLocks()
                    .flock(
                            caller,
                            Wire.session(req.getSessionId()),
                            Wire.path(req.getPath()),
                            req.getOwner().getOwnerId(),
                            req.getOwner().getPid(),
                            FileRequests.exclusive(req.getKind()),
                            req.getNonBlocking());
            return Wire.EMPTY;
        });
    }

    void funlock(FunlockRequest req, StreamObserver<Empty> out) {
        GrpcCalls.unary(out, () -> {
            Caller caller = Callers.current();
            services.posixLocks()
                    .funlock(
                            caller,
                            Wire.session(req.getSessionId()),
                            Wire.path(req.getPath()),
                            req.getOwner().getOwnerId(),
                            req.getOwner().getPid());
            return Wire.EMPTY;
        });
    }
}
