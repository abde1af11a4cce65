package io.aetherfs.server.http;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.ResponseHeadersBuilder;
import com.linecorp.armeria.common.stream.StreamMessage;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.ErrorCode;
import io.aetherfs.core.model.FsPath;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.server.api.Callers;
import io.aetherfs.server.grpc.FileMapping;
import io.aetherfs.service.Services;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.collab.LockToken;
import io.aetherfs.service.files.EntryView;
import io.aetherfs.service.files.FileRead;
import io.aetherfs.service.files.WriteFile;
import io.aetherfs.service.session.SessionAccess;
import io.aetherfs.service.transfer.ContentStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The raw file routes {@code GET|HEAD|PUT /v1/sessions/{sessionId}/files?path=} (spec §8.9, §9.2), HTTP-
 * native handlers over the file services. GET streams the content (never buffered whole) with
 * {@code ETag: "<contentHash>"}, single ranges (206/416) and {@code If-None-Match} (304); HEAD adds
 * {@code x-aetherfs-mode} (octal) and {@code x-aetherfs-mtime} (RFC 3339). PUT streams the body into an
 * atomic whole-file write; {@code If-Match: "<hash>"} is the header form of {@code expectedHash} and
 * {@code If-None-Match: *} makes it create-only, each failing with 412 (reason kept).
 */
final class FileRoutes {
    private static final int CHUNK = 64 * 1024;

    private final Services services;

    FileRoutes(Services services) {
        this.services = services;
    }

    /** Serves GET and HEAD. */
    HttpResponse read(ServiceRequestContext ctx, HttpRequest req, Map<String, String> params) {
        return Blocking.run(
                ctx, () -> read(ctx, req, Callers.of(ctx), SessionAccess.parseId(params.get("session_id"))));
    }

    /** Serves PUT. */
    HttpResponse write(ServiceRequestContext ctx, HttpRequest req, Map<String, String> params) {
        ctx.clearRequestTimeout(); // uploads may take long; the size limit bounds them
        return Blocking.run(
                ctx, () -> write(ctx, req, Callers.of(ctx), SessionAccess.parseId(params.get("session_id"))));
    }

    private HttpResponse read(ServiceRequestContext ctx, HttpRequest req, Caller caller, SessionId id) {
        Query q = new Query(UrlDecoding.query(ctx), "path");
        FileRead f = services.fileReads().open(caller, id, FsPath.parse(q.required("path")));
        long size = f.content().size();
        String etag = Preconditions.etag(f.view().hash());
        ResponseHeadersBuilder h = headers(req.method(), f, etag);
        if (Preconditions.noneMatch(req.headers().get(HttpHeaderNames.IF_NONE_MATCH), etag)) {
            return HttpResponse.of(h.status(HttpStatus.NOT_MODIFIED).build());
        }
        ByteRange r = range(req, etag, size);
        if (r != null) {
            h.status(HttpStatus.PARTIAL_CONTENT).set(HttpHeaderNames.CONTENT_RANGE, r.contentRange(size));
        }
        long offset = r == null ? 0 : r.offset();
        long length = r == null ? size : r.length();
        ResponseHeaders headers = h.contentLength(length).build();
        if (req.method() == HttpMethod.HEAD) {
            return HttpResponse.of(headers);
        }
        if (length <= CHUNK) {
            // the common small file: one read on this (blocking) thread, no stream machinery
            return HttpResponse.of(headers, HttpData.wrap(f.store().read(f.content(), offset, (int) length)));
        }
        InputStream body = new ContentStream(f.store(), f.content(), offset, length);
        return HttpResponse.of(
                headers,
                StreamMessage.builder(body)
                        .executor(ctx.blockingTaskExecutor())
                        .bufferSize(CHUNK)
                        .build());
    }

    /** Returns the headers every GET and HEAD answer carries (HEAD adds mode and mtime). */
    private static ResponseHeadersBuilder headers(HttpMethod method, FileRead f, String etag) {
        ResponseHeadersBuilder h = ResponseHeaders.builder(HttpStatus.OK)
                .contentType(MediaType.OCTET_STREAM)
                .set(HttpHeaderNames.ETAG, etag)
                .set(HttpHeaderNames.ACCEPT_RANGES, "bytes");
        if (method == HttpMethod.HEAD) {
            h.set(
                    "x-aetherfs-mode",
                    String.format("%04o", f.view().entry().attrs().mode()));
            h.set("x-aetherfs-mtime", rfc3339(f.view().entry().attrs().mtimeNanos()));
        }
        return h;
    }

    /** Returns the range to send, or null for everything; throws 416 for an unsatisfiable range. */
    private static ByteRange range(HttpRequest req, String etag, long size) {
        String range = Preconditions.rangeApplies(req.headers().get(HttpHeaderNames.IF_RANGE), etag)
                ? req.headers().get(HttpHeaderNames.RANGE)
                : null;
        return switch (ByteRange.of(range, size)) {
            case ByteRange.Whole w -> null;
            case ByteRange.Part p -> p.range();
            case ByteRange.Unsatisfiable u ->
                throw HttpFailure.rangeNotSatisfiable(
                        new AfsException(
                                ErrorCode.OUT_OF_RANGE, "range " + range + " is outside the file's " + size + " bytes"),
                        size);
        };
    }

    private HttpResponse write(ServiceRequestContext ctx, HttpRequest req, Caller caller, SessionId id) {
        Query q = new Query(UrlDecoding.query(ctx), "path", "createParents", "mode", "expectedHash", "lockToken");
        FsPath path = FsPath.parse(q.required("path"));
        Preconditions pre = Preconditions.forWrite(req.headers(), q.optional("expectedHash"));
        WriteFile w = new WriteFile(
                path, q.bool("createParents"), q.mode("mode"), null, pre.expectedHash(), pre.createOnly());
        try (InputStream body = Bodies.stream(req, services.limits().maxFileBytes())) {
            if (pre.mustExist()) {
                services.fileReads().stat(caller, id, path); // If-Match: * (best effort; not atomic)
            }
            EntryView v = services.content().write(caller, id, w, body, lockToken(q, req));
            return Reply.json(JsonRoute.PRINTER.print(FileMapping.entry(v))).toResponse();
        } catch (AfsException e) {
            throw pre.translate(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Returns the collaboration lock token of an HTTP-native write: query {@code lockToken}, else header
     * {@code x-aetherfs-lock-token}; null when the request carries neither.
     */
    static LockToken lockToken(Query q, HttpRequest req) {
        String query = q.optional("lockToken");
        return LockToken.of(query != null ? query : req.headers().get("x-aetherfs-lock-token"));
    }

    /** Returns the RFC 3339 form of nanoseconds since the epoch (fractional seconds only when non-zero). */
    private static String rfc3339(long nanos) {
        return java.time.Instant.ofEpochSecond(
                        Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L))
                .toString();
    }
}
