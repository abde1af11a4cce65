package io.aetherfs.server.grpc;

import com.google.protobuf.Empty;
import io.aetherfs.proto.v1.Checkpoint;
import io.aetherfs.proto.v1.Commit;
import io.aetherfs.proto.v1.CommitRequest;
import io.aetherfs.proto.v1.CommitSummary;
import io.aetherfs.proto.v1.CreateCheckpointRequest;
import io.aetherfs.proto.v1.DeleteCheckpointRequest;
import io.aetherfs.proto.v1.DiffResponse;
import io.aetherfs.proto.v1.GenerateCommitSummaryRequest;
import io.aetherfs.proto.v1.GetCheckpointRequest;
import io.aetherfs.proto.v1.GetCommitRequest;
import io.aetherfs.proto.v1.GetDiffRequest;
import io.aetherfs.proto.v1.ListCheckpointsRequest;
import io.aetherfs.proto.v1.ListCheckpointsResponse;
import io.aetherfs.proto.v1.ListCommitsRequest;
import io.aetherfs.proto.v1.ListCommitsResponse;
import io.aetherfs.proto.v1.MergeFromRequest;
import io.aetherfs.proto.v1.MergeRequest;
import io.aetherfs.proto.v1.MergeResult;
import io.aetherfs.proto.v1.PersistenceServiceGrpc;
import io.aetherfs.proto.v1.RestoreCheckpointRequest;
import io.aetherfs.proto.v1.Session;
import io.aetherfs.server.api.Callers;
import io.aetherfs.service.Services;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.persistence.Checkpoints;
import io.aetherfs.service.persistence.Commits;
import io.grpc.stub.StreamObserver;

/** The gRPC PersistenceService (spec §9.1, §10): checkpoints, restore, commits, summaries, diffs and merges. */
public final class PersistenceGrpcService extends PersistenceServiceGrpc.PersistenceServiceImplBase {
    private final Services services;

    public PersistenceGrpcService(Services services) {
        this.services = services;
    }

    @Override
    public void createCheckpoint(CreateCheckpointRequest req, StreamObserver<Checkpoint> out) {
        GrpcCalls.unary(out, () -> {
            Caller caller = Callers.current();
            return PersistenceMapping.checkpoint(services.checkpoints()
                    .create(
                            caller,
                            Wire.session(req.getSessionId()),
                            Wire.optional(req.getName()),
                            Wire.optional(req.getDescription())));
        });
    }

    @Override
    public void listCheckpoints(ListCheckpointsRequest req, StreamObserver<ListCheckpointsResponse> out) {
        GrpcCalls.unary(out, () -> {
            Caller caller = Callers.current();
            var page = services.checkpoints()
                    .list(caller, Wire.session(req.getSessionId()), Wire.page(req.getPageSize(), req.getPageToken()));
            return ListCheckpointsResponse.newBuilder()
                    .addAllCheckpoints(page.items().stream()
                            .map(PersistenceMapping::checkpoint)
                            .toList())
                    .setNextPageToken(page.nextPageToken())
                    .build();
        });
    }

    @Override
    public void getCheckpoint(GetCheckpointRequest req, StreamObserver<Checkpoint> out) {
        GrpcCalls.unary(out, () -> {
            Caller caller = Callers.current();
            return PersistenceMapping.checkpoint(services.checkpoints()
                    .get(
                            caller,
                            Wire.session(req.getSessionId()),
                            Checkpoints.parseId(Wire.required(req.getCheckpointId(), "checkpointId"))));
        });
    }

    @Override
    public void deleteCheckpoint(DeleteCheckpointRequest req, StreamObserver<Empty> out) {
        GrpcCalls.unary(out, () -> {
            Caller caller = Callers.current();
            services.checkpoints()
                    .delete(
                            caller,
                            Wire.session(req.getSessionId()),
                            Checkpoints.parseId(Wire.required(req.getCheckpointId(), "checkpointId")));
            return Wire.EMPTY;
        });
    }

    @Override
    public void restoreCheckpoint(RestoreCheckpointRequest req, StreamObserver<Session> out) {
        GrpcCalls.unary(out, () -> {
            Caller caller = Callers.current();
            return SessionMapping.session(services.checkpoints()
                    .restore(
                            caller,
                            Wire.session(req.getSessionId()),
                            Checkpoints.parseId(Wire.required(req.getCheckpointId(), "checkpointId")),
                            req.getCreateSafetyCheckpoint(),
                            Wire.lockToken(req.getLockToken())));
        });
    }

    @Override
    public void commit(CommitRequest req, StreamObserver<Commit> out) {
        GrpcCalls.unary(out, () -> {
            Caller caller = Callers.current();
            return PersistenceMapping.commit(services.commits()
                    .commit(
                            caller,
                            Wire.session(req.getSessionId()),
                            req.getMessage(),
                            Wire.optional(req.getExpectedFingerprint()),
                            req.getAllowEmpty()));
        });
    }

    @Override
    public void listCommits(ListCommitsRequest req, StreamObserver<ListCommitsResponse> out) {
        GrpcCalls.unary(out, () -> {
            Caller caller = Callers.current();
            var page = services.commits()
                    .list(caller, Wire.session(req.getSessionId()), Wire.page(req.getPageSize(), req.getPageToken()));
            return ListCommitsResponse.newBuilder()
                    .addAllCommits(page.items().stream()
                            .map(PersistenceMapping::commit)
                            .toList())
                    .setNextPageToken(page.nextPageToken())
                    .build();
        });
    }

    @Override
    public void getCommit(GetCommitRequest req, StreamObserver<Commit> out) {
        GrpcCalls.unary(out, () -> {
            Caller caller = Callers.current();
            return PersistenceMapping.commit(services.commits()
                    .get(
                            caller,
                            Wire.session(req.getSessionId()),
                            Commits.parseId(Wire.required(req.getCommitId(), "commitId"))));
        });
    }

    @Override
    public void generateCommitSummary(GenerateCommitSummaryRequest req, StreamObserver<CommitSummary> out) {
        GrpcCalls.unary(out, () -> {
            Caller caller = Callers.current();
            return PersistenceMapping.summary(services.commits()
                    .summary(caller, Wire.session(req.getSessionId()), Wire.path(req.getPathPrefix())));
        });
    }

    @Override
    public void getDiff(GetDiffRequest req, StreamObserver<DiffResponse> out) {
        GrpcCalls.unary(out, () -> {
            Caller caller = Callers.current();
            return PersistenceMapping.diff(services.diffs()
                    .diff(
                            caller,
                            Wire.session(req.getSessionId()),
                            req.getAgainst(),
                            Wire.path(req.getPathPrefix()),
                            Wire.page(req.getPageSize(), req.getPageToken())));
        });
    }

    @Override
    public void merge(MergeRequest req, StreamObserver<MergeResult> out) {
        GrpcCalls.unary(out, () -> {
            Caller caller = Callers.current();
            return PersistenceMapping.merge(services.merges()
                    .merge(
                            caller,
                            PersistenceMapping.mergeRequest(
                                    Wire.session(req.getParentSessionId()),
                                    Wire.requiredSession(req.getChildSessionId(), "childSessionId"),
                                    req.getStrategy(),
                                    req.getResolutionsMap(),
                                    req.hasLineMerge() ? req.getLineMerge() : null,
                                    req.getDryRun(),
                                    true,
                                    Wire.lockToken(req.getLockToken()))));
        });
    }

    @Override
    public void mergeFrom(MergeFromRequest req, StreamObserver<MergeResult> out) {
        GrpcCalls.unary(out, () -> {
            Caller caller = Callers.current();
            return PersistenceMapping.merge(services.merges()
                    .merge(
                            caller,
                            PersistenceMapping.mergeRequest(
                                    Wire.session(req.getTargetSessionId()),
                                    Wire.requiredSession(req.getSourceSessionId(), "sourceSessionId"),
                                    req.getStrategy(),
                                    req.getResolutionsMap(),
                                    req.hasLineMerge() ? req.getLineMerge() : null,
                                    req.getDryRun(),
                                    false,
                                    Wire.lockToken(req.getLockToken()))));
        });
    }
}
