package io.aetherfs.service.sources;

import io.aetherfs.core.content.Prepared;
import io.aetherfs.core.engine.Engine;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.ErrorCode;
import io.aetherfs.core.model.SourceId;
import io.aetherfs.core.model.UploadId;
import io.aetherfs.service.Limits;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.auth.Scope;
import io.aetherfs.service.sources.SourceRecords.ChildKey;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * Archive uploads (spec §6.15, {@code POST …:upload} and {@code UploadSourceArchive}): the body streams
 * into the content store in 4 MiB extents as it arrives (never held whole in memory or on a temp disk),
 * and an {@link Upload} record names them for 24 hours, long enough for {@code startImport}.
 */
public final class SourceUploads {
    static final Duration LIFETIME = Duration.ofHours(24);

    private final Engine engine;
    private final Limits limits;
    private final SourceAccess access;

    SourceUploads(Engine engine, Limits limits) {
        this.engine = engine;
        this.limits = limits;
        this.access = new SourceAccess(engine);
    }

    /** Checks that the caller may upload to the source in this format before any byte is read. */
    public void check(Caller caller, SourceId id, UploadFormat format) {
        caller.require(Scope.SOURCE_IMPORT);
        if (format == null) {
            throw AfsException.invalid("format is required (TAR, TAR_GZ, ZIP or GIT_BUNDLE)");
        }
        Source s = access.load(caller, id);
        SourceAccess.requireNotDeleting(s);
        boolean bundle = format == UploadFormat.GIT_BUNDLE;
        boolean fits = s.kind() == SourceKind.UPLOADED_SNAPSHOT ? !bundle : s.kind() == SourceKind.GIT_BUNDLE && bundle;
        if (!fits) {
            throw new AfsException(
                    ErrorCode.FAILED_PRECONDITION,
                    "a " + Sources.kindName(s.kind()) + " source does not take ARCHIVE_FORMAT_" + format + " uploads"
                            + (s.kind().uploaded() ? "" : "; it imports its origin"));
        }
    }

    /**
     * Stores the archive in {@code body} (at most {@code limits.import_max_bytes}); {@code sizeBytes} (0: not
     * declared) and {@code sha256} (null: not declared) must match what arrived.
     */
    public Upload upload(
            Caller caller, SourceId id, UploadFormat format, long sizeBytes, String sha256, InputStream body)
            throws IOException {
        check(caller, id, format);
        if (sizeBytes < 0) {
            throw AfsException.invalid("sizeBytes must not be negative");
        }
        if (sizeBytes > limits.importMaxBytes()) {
            throw AfsException.of(
                    io.aetherfs.core.error.Reason.PAYLOAD_TOO_LARGE,
                    "the upload declares " + sizeBytes + " bytes; the limit is " + limits.importMaxBytes(),
                    "limit",
                    Long.toString(limits.importMaxBytes()));
        }
        if (sha256 != null && !sha256.matches("[0-9a-f]{64}")) {
            throw AfsException.invalid("sha256 must be 64 lowercase hex characters");
        }
        var store = engine.content(caller.tenant());
        Prepared p = store.writeDeferred(body, limits.importMaxBytes());
        long size = p.content().size();
        String hash = p.content().contentHash().hex();
        if (sizeBytes != 0 && sizeBytes != size) {
            throw AfsException.invalid("the upload declared " + sizeBytes + " bytes but " + size + " arrived");
        }
        if (sha256 != null && !sha256.equals(hash)) {
            throw AfsException.invalid("the upload's SHA-256 is " + hash + ", not the declared " + sha256);
        }
        store.sync(p.content().extents().stream()
                .filter(e -> !e.inline())
                .map(e -> e.hash())
                .toList()); // one barrier for the whole archive, before the record that names it
        UploadId uploadId = UploadId.generate(engine.ids());
        return engine.execute(caller.tenant(), caller.actor(), ctx -> {
            SourceAccess.requireNotDeleting(SourceAccess.inChange(ctx, id));
            p.inline().forEach(ctx::storeInline);
            Upload u = new Upload(
                    uploadId,
                    id,
                    format,
                    size,
                    hash,
                    p.content(),
                    ctx.now(),
                    ctx.now().plus(LIFETIME));
            ctx.records(SourceRecords.UPLOADS, null).put(new ChildKey(id, uploadId.value()), u);
            return u;
        });
    }
}
