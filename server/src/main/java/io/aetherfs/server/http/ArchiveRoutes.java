package io.aetherfs.server.http;

import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.stream.StreamMessage;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.model.FsPath;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.proto.v1.ChangeStats;
import io.aetherfs.proto.v1.SyncChangesFromTarballResponse;
import io.aetherfs.server.api.Callers;
import io.aetherfs.service.Services;
import io.aetherfs.service.archive.ArchiveFormat;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.session.SessionAccess;
import io.aetherfs.service.transfer.Exports;
import io.aetherfs.service.transfer.SyncRequest;
import io.aetherfs.service.transfer.SyncResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The archive routes of spec §8.16, HTTP-native: {@code GET …:export?format=tar|tar.gz|zip&at=&pathPrefix=}
 * resolves and checks everything before the first byte (so errors are ordinary JSON errors), then
 * streams the archive; {@code POST …:syncFromTarball?basePath=&deleteMissing=&expectedFingerprint=}
 * streams a raw tar or tar.gz body (the format comes from Content-Type, else from the bytes) into an
 * atomic sync and answers {@code {stats, fingerprint}}. The import limits bound the body.
 */
final class ArchiveRoutes {
    private final Services services;

    ArchiveRoutes(Services services) {
        this.services = services;
    }

    /** Serves GET :export. */
    HttpResponse export(ServiceRequestContext ctx, HttpRequest req, Map<String, String> params) {
        ctx.clearRequestTimeout(); // large trees take long to stream
        return Blocking.run(ctx, () -> export(ctx, Callers.of(ctx), SessionAccess.parseId(params.get("session_id"))));
    }

    /** Serves POST :syncFromTarball. */
    HttpResponse sync(ServiceRequestContext ctx, HttpRequest req, Map<String, String> params) {
        ctx.clearRequestTimeout(); // uploads may take long; the import limits bound them
        return Blocking.run(
                ctx, () -> sync(ctx, req, Callers.of(ctx), SessionAccess.parseId(params.get("session_id"))));
    }

    private HttpResponse export(ServiceRequestContext ctx, Caller caller, SessionId id) {
        Query q = new Query(UrlDecoding.query(ctx), "format", "at", "pathPrefix");
        ArchiveFormat format = format(q.optional("format") == null ? "tar" : q.optional("format"));
        String prefix = q.optional("pathPrefix");
        Exports.Export export = services.exports()
                .open(caller, id, format, q.optional("at"), prefix == null ? FsPath.ROOT : FsPath.parse(prefix));
        String name = id.value()
                + switch (format) {
                    case TAR -> ".tar";
                    case TAR_GZ -> ".tar.gz";
                    case ZIP -> ".zip";
                };
        ResponseHeaders headers = ResponseHeaders.builder(HttpStatus.OK)
                .contentType(MediaType.parse(format.contentType()))
                .set(HttpHeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"" + name + "\"")
                .build();
        return HttpResponse.of(
                headers,
                StreamMessage.fromOutputStream(
                        out -> {
                            try {
                                export.writeTo(out);
                                out.close(); // only on success: a failure aborts the stream instead
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        },
                        ctx.blockingTaskExecutor()));
    }

    private HttpResponse sync(ServiceRequestContext ctx, HttpRequest req, Caller caller, SessionId id) {
        Query q = new Query(UrlDecoding.query(ctx), "basePath", "deleteMissing", "expectedFingerprint", "lockToken");
        String base = q.optional("basePath");
        SyncRequest r = new SyncRequest(
                formatOf(req.contentType()),
                base == null ? FsPath.ROOT : FsPath.parse(base),
                q.bool("deleteMissing"),
                q.optional("expectedFingerprint"),
                FileRoutes.lockToken(q, req));
        try (InputStream body = Bodies.stream(req, services.limits().importMaxBytes())) {
            SyncResult s = services.syncs().sync(caller, id, r, body);
            SyncChangesFromTarballResponse out = SyncChangesFromTarballResponse.newBuilder()
                    .setStats(ChangeStats.newBuilder()
                            .setAdded(s.stats().added())
                            .setModified(s.stats().modified())
                            .setDeleted(s.stats().deleted())
                            .setBytes(s.stats().bytes()))
                    .setFingerprint(s.fingerprint())
                    .build();
            return Reply.json(JsonRoute.PRINTER.print(out)).toResponse();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ArchiveFormat format(String name) {
        try {
            return ArchiveFormat.parse(name);
        } catch (IllegalArgumentException e) {
            throw AfsException.invalid(e.getMessage());
        }
    }

    /** Returns the archive format a Content-Type names, or null to detect it from the bytes. */
    private static ArchiveFormat formatOf(MediaType type) {
        if (type == null) {
            return null;
        }
        return switch (type.subtype()) {
            case "x-tar", "tar" -> ArchiveFormat.TAR;
            case "gzip", "x-gzip", "x-gtar", "x-tar+gzip" -> ArchiveFormat.TAR_GZ;
            default -> null;
        };
    }
}
