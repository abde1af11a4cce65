package io.aetherfs.server.http;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.model.SourceId;
import io.aetherfs.server.api.Callers;
import io.aetherfs.server.grpc.SourceGrpcService;
import io.aetherfs.service.Services;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.sources.SourceIds;
import io.aetherfs.service.sources.Upload;
import io.aetherfs.service.sources.UploadFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The HTTP-native archive upload of spec §9.6, {@code POST /v1/sources/{sourceId}:upload}: the raw body
 * (Content-Type {@code application/x-tar}, {@code application/gzip}, {@code application/zip} or
 * {@code application/x-git-bundle}; optional {@code ?sha256=} to verify) streams into the content store,
 * and the answer is the Upload as JSON, the same as gRPC UploadSourceArchive's.
 */
final class SourceRoutes {
    private final Services services;

    SourceRoutes(Services services) {
        this.services = services;
    }

    /** Serves POST :upload. */
    HttpResponse upload(ServiceRequestContext ctx, HttpRequest req, Map<String, String> params) {
        ctx.clearRequestTimeout(); // uploads may take long; import_max_bytes bounds them
        return Blocking.run(
                ctx, () -> upload(req, Callers.of(ctx), SourceIds.parseSource(params.get("source_id")), ctx));
    }

    private HttpResponse upload(HttpRequest req, Caller caller, SourceId id, ServiceRequestContext ctx) {
        Query q = new Query(UrlDecoding.query(ctx), "sha256");
        UploadFormat format = formatOf(req.contentType());
        services.sourceUploads().check(caller, id, format);
        long declared = req.headers().contentLength();
        try (InputStream body = Bodies.stream(req, services.limits().importMaxBytes())) {
            Upload u = services.sourceUploads()
                    .upload(caller, id, format, Math.max(declared, 0), q.optional("sha256"), body);
            return Reply.json(JsonRoute.PRINTER.print(SourceGrpcService.uploadMessage(u)))
                    .toResponse();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Returns the upload format a Content-Type names; INVALID_ARGUMENT for anything else. */
    private static UploadFormat formatOf(MediaType type) {
        String sub = type == null ? "" : type.subtype();
        return switch (sub) {
            case "x-tar", "tar" -> UploadFormat.TAR;
            case "gzip", "x-gzip", "x-gtar", "x-tar+gzip" -> UploadFormat.TAR_GZ;
            case "zip", "x-zip-compressed" -> UploadFormat.ZIP;
            case "x-git-bundle" -> UploadFormat.GIT_BUNDLE;
            default ->
                throw AfsException.invalid("Content-Type must be application/x-tar, application/gzip, application/zip "
                        + "or application/x-git-bundle" + (type == null ? "" : ", not " + type));
        };
    }
}
