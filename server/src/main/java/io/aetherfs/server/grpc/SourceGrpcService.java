package io.aetherfs.server.grpc;

import io.aetherfs.core.error.AfsException;
import io.aetherfs.proto.v1.CreateSourceRequest;
import io.aetherfs.proto.v1.DeleteSourceRequest;
import io.aetherfs.proto.v1.GetJobRequest;
import io.aetherfs.proto.v1.GetRevisionRequest;
import io.aetherfs.proto.v1.GetSourceRequest;
import io.aetherfs.proto.v1.ListJobsRequest;
import io.aetherfs.proto.v1.ListJobsResponse;
import io.aetherfs.proto.v1.ListRevisionsRequest;
import io.aetherfs.proto.v1.ListRevisionsResponse;
import io.aetherfs.proto.v1.ListSourcesRequest;
import io.aetherfs.proto.v1.ListSourcesResponse;
import io.aetherfs.proto.v1.PromoteSessionRequest;
import io.aetherfs.proto.v1.RefreshSourceRequest;
import io.aetherfs.proto.v1.Revision;
import io.aetherfs.proto.v1.Source;
import io.aetherfs.proto.v1.SourceJob;
import io.aetherfs.proto.v1.StartImportRequest;
import io.aetherfs.proto.v1.UnderlaySourceServiceGrpc;
import io.aetherfs.proto.v1.UpdateSourceRequest;
import io.aetherfs.proto.v1.Upload;
import io.aetherfs.proto.v1.UploadSourceArchiveRequest;
import io.aetherfs.server.api.Callers;
import io.aetherfs.service.Services;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.sources.SourceFilter;
import io.aetherfs.service.sources.SourceIds;
import io.grpc.stub.StreamObserver;
import java.util.LinkedHashSet;
import java.util.Set;

/** The gRPC UnderlaySourceService (spec §9.6, §10): sources, uploads, imports, promotion, jobs and revisions. */
public final class SourceGrpcService extends UnderlaySourceServiceGrpc.UnderlaySourceServiceImplBase {
    private static final Set<String> UPDATABLE = Set.of("displayName", "labels");

    private final Services services;

    public SourceGrpcService(Services services) {
        this.services = services;
    }

    /** Returns the Upload message of an upload (the HTTP-native upload route answers with it too). */
    public static Upload uploadMessage(io.aetherfs.service.sources.Upload u) {
        return SourceMapping.upload(u);
    }

    @Override
    public void createSource(CreateSourceRequest req, StreamObserver<Source> out) {
        GrpcCalls.unary(
                out,
                () -> SourceMapping.source(services.sources().create(Callers.current(), SourceMapping.create(req))));
    }

    @Override
    public void listSources(ListSourcesRequest req, StreamObserver<ListSourcesResponse> out) {
        GrpcCalls.unary(out, () -> {
            Caller caller = Callers.current();
            var filter = new SourceFilter(
                    SourceMapping.kindOrNull(req.getKind()),
                    SourceMapping.statusOrNull(req.getStatus()),
                    SessionRequests.pairs("label", req.getLabelList()));
            var page = services.sources().list(caller, filter, Wire.page(req.getPageSize(), req.getPageToken()));
            return ListSourcesResponse.newBuilder()
                    .addAllSources(
                            page.items().stream().map(SourceMapping::source).toList())
                    .setNextPageToken(page.nextPageToken())
                    .build();
        });
    }

    @Override
    public void getSource(GetSourceRequest req, StreamObserver<Source> out) {
        GrpcCalls.unary(
                out,
                () -> SourceMapping.source(
                        services.sources().get(Callers.current(), SourceIds.parseSource(req.getSourceId()))));
    }

    @Override
    public void updateSource(UpdateSourceRequest req, StreamObserver<Source> out) {
        GrpcCalls.unary(out, () -> {
            Set<String> fields = new LinkedHashSet<>();
            for (String path : req.getUpdateMask().getPathsList()) {
                String field = SessionRequests.camel(path);
                if (!UPDATABLE.contains(field)) {
                    throw AfsException.invalid("update_mask names an unknown or read-only field \"" + path
                            + "\"; updatable: [displayName, labels]");
                }
                fields.add(field);
            }
            if (fields.isEmpty() && (!req.getDisplayName().isEmpty() || req.getLabelsCount() > 0)) {
                throw AfsException.invalid(
                        "set update_mask to the fields to change (\"display_name\", \"labels\"); it is empty");
            }
            return SourceMapping.source(services.sources()
                    .update(
                            Callers.current(),
                            SourceIds.parseSource(req.getSourceId()),
                            fields,
                            Wire.optional(req.getDisplayName()),
                            req.getLabelsMap()));
        });
    }

    @Override
    public void deleteSource(DeleteSourceRequest req, StreamObserver<Source> out) {
        GrpcCalls.unary(
                out,
                () -> SourceMapping.source(services.sources()
                        .delete(Callers.current(), SourceIds.parseSource(req.getSourceId()), req.getForce())));
    }

    @Override
    public StreamObserver<UploadSourceArchiveRequest> uploadSourceArchive(StreamObserver<Upload> out) {
        return UploadStream.start(
                out,
                m -> m.hasHeader() ? m.getHeader() : null,
                m -> m.hasData() ? m.getData() : null,
                (caller, header) -> {
                    var id = SourceIds.parseSource(Wire.required(header.getSourceId(), "sourceId"));
                    var format = SourceMapping.format(header.getFormat());
                    services.sourceUploads().check(caller, id, format);
                    return body -> SourceMapping.upload(services.sourceUploads()
                            .upload(
                                    caller,
                                    id,
                                    format,
                                    header.getSizeBytes(),
                                    Wire.optional(header.getSha256()),
                                    body));
                });
    }

    @Override
    public void startImport(StartImportRequest req, StreamObserver<SourceJob> out) {
        GrpcCalls.unary(
                out,
                () -> SourceMapping.job(services.sourceImports()
                        .startImport(
                                Callers.current(),
                                SourceIds.parseSource(req.getSourceId()),
                                Wire.optional(req.getUploadId()),
                                Wire.optional(req.getRef()))));
    }

    @Override
    public void refreshSource(RefreshSourceRequest req, StreamObserver<SourceJob> out) {
        GrpcCalls.unary(
                out,
                () -> SourceMapping.job(
                        services.sourceImports().refresh(Callers.current(), SourceIds.parseSource(req.getSourceId()))));
    }

    @Override
    public void promoteSession(PromoteSessionRequest req, StreamObserver<SourceJob> out) {
        GrpcCalls.unary(
                out,
                () -> SourceMapping.job(services.promotions()
                        .promote(
                                Callers.current(),
                                SourceIds.parseSource(req.getSourceId()),
                                Wire.requiredSession(req.getSessionId(), "sessionId"),
                                Wire.optional(req.getCommitId()),
                                Wire.optional(req.getDescription()))));
    }

    @Override
    public void listJobs(ListJobsRequest req, StreamObserver<ListJobsResponse> out) {
        GrpcCalls.unary(out, () -> {
            var page = services.sourceImports()
                    .jobs(
                            Callers.current(),
                            SourceIds.parseSource(req.getSourceId()),
                            SourceMapping.stateOrNull(req.getState()),
                            Wire.page(req.getPageSize(), req.getPageToken()));
            return ListJobsResponse.newBuilder()
                    .addAllJobs(page.items().stream().map(SourceMapping::job).toList())
                    .setNextPageToken(page.nextPageToken())
                    .build();
        });
    }

    @Override
    public void getJob(GetJobRequest req, StreamObserver<SourceJob> out) {
        GrpcCalls.unary(
                out,
                () -> SourceMapping.job(services.sourceImports()
                        .job(
                                Callers.current(),
                                SourceIds.parseSource(req.getSourceId()),
                                SourceIds.parseJob(Wire.required(req.getJobId(), "jobId")))));
    }

    @Override
    public void listRevisions(ListRevisionsRequest req, StreamObserver<ListRevisionsResponse> out) {
        GrpcCalls.unary(out, () -> {
            var page = services.sourceImports()
                    .revisions(
                            Callers.current(),
                            SourceIds.parseSource(req.getSourceId()),
                            Wire.page(req.getPageSize(), req.getPageToken()));
            return ListRevisionsResponse.newBuilder()
                    .addAllRevisions(
                            page.items().stream().map(SourceMapping::revision).toList())
                    .setNextPageToken(page.nextPageToken())
                    .build();
        });
    }

    @Override
    public void getRevision(GetRevisionRequest req, StreamObserver<Revision> out) {
        GrpcCalls.unary(
                out,
                () -> SourceMapping.revision(services.sourceImports()
                        .revision(
                                Callers.current(),
                                SourceIds.parseSource(req.getSourceId()),
                                SourceIds.parseRevision(Wire.required(req.getRevisionId(), "revisionId")))));
    }
}
