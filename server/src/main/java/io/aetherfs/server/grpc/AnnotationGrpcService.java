package io.aetherfs.server.grpc;

import io.aetherfs.proto.v1.AddAnnotationRequest;
import io.aetherfs.proto.v1.AddAnnotationResponse;
import io.aetherfs.proto.v1.Annotation;
import io.aetherfs.proto.v1.AnnotationServiceGrpc;
import io.aetherfs.proto.v1.GetAnnotationRequest;
import io.aetherfs.proto.v1.GetAnnotationsRequest;
import io.aetherfs.proto.v1.GetAnnotationsResponse;
import io.aetherfs.proto.v1.UpdateAnnotationStatusRequest;
import io.aetherfs.server.api.Callers;
import io.aetherfs.service.Services;
import io.aetherfs.service.annotations.Annotations;
import io.grpc.stub.StreamObserver;

/** The gRPC AnnotationService (spec §9.3, §10): add, list, get and open or resolve annotations. */
public final class AnnotationGrpcService extends AnnotationServiceGrpc.AnnotationServiceImplBase {
    private final Services services;

    public AnnotationGrpcService(Services services) {
        this.services = services;
    }

    @Override
    public void addAnnotation(AddAnnotationRequest req, StreamObserver<AddAnnotationResponse> out) {
        GrpcCalls.unary(out, () -> AddAnnotationResponse.newBuilder()
                .setAnnotation(AnnotationMapping.annotation(services.annotations()
                        .add(
                                Callers.current(),
                                Wire.session(req.getSessionId()),
                                Wire.path(Wire.required(req.getPath(), "path")),
                                req.getLine(),
                                req.getComment(),
                                req.getLabelsList(),
                                Wire.optional(req.getExpectedContentHash()))))
                .build());
    }

    @Override
    public void getAnnotations(GetAnnotationsRequest req, StreamObserver<GetAnnotationsResponse> out) {
        GrpcCalls.unary(out, () -> {
            var page = services.annotations()
                    .list(
                            Callers.current(),
                            Wire.session(req.getSessionId()),
                            req.getPath().isEmpty() ? null : Wire.path(req.getPath()),
                            AnnotationMapping.status(req.getStatus()),
                            Wire.optional(req.getLabel()),
                            Wire.page(req.getPageSize(), req.getPageToken()));
            return GetAnnotationsResponse.newBuilder()
                    .addAllAnnotations(page.items().stream()
                            .map(AnnotationMapping::annotation)
                            .toList())
                    .setNextPageToken(page.nextPageToken())
                    .build();
        });
    }

    @Override
    public void getAnnotation(GetAnnotationRequest req, StreamObserver<Annotation> out) {
        GrpcCalls.unary(
                out,
                () -> AnnotationMapping.annotation(services.annotations()
                        .get(
                                Callers.current(),
                                Wire.session(req.getSessionId()),
                                Annotations.parseId(Wire.required(req.getAnnotationId(), "annotationId")))));
    }

    @Override
    public void updateAnnotationStatus(UpdateAnnotationStatusRequest req, StreamObserver<Annotation> out) {
        GrpcCalls.unary(
                out,
                () -> AnnotationMapping.annotation(services.annotations()
                        .updateStatus(
                                Callers.current(),
                                Wire.session(req.getSessionId()),
                                Annotations.parseId(Wire.required(req.getAnnotationId(), "annotationId")),
                                AnnotationMapping.status(req.getStatus()),
                                Wire.optional(req.getComment()))));
    }
}
