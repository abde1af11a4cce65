package io.aetherfs.service.sources;

import io.aetherfs.core.engine.ChangeContext;
import io.aetherfs.core.engine.Engine;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.Reason;
import io.aetherfs.core.model.RevisionId;
import io.aetherfs.core.model.SourceId;
import io.aetherfs.core.spi.JobId;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.sources.SourceRecords.ChildKey;

/**
 * Finding a caller's sources and their children: ids that are malformed name nothing (NOT_FOUND), and
 * another tenant's ids are simply absent from the caller's keyspace (NOT_FOUND as well).
 */
final class SourceAccess {
    private final Engine engine;

    SourceAccess(Engine engine) {
        this.engine = engine;
    }

    /** Returns the committed source or throws NOT_FOUND. */
    Source load(Caller caller, SourceId id) {
        return engine.records(caller.tenant())
                .of(SourceRecords.SOURCES, null)
                .get(id)
                .orElseThrow(() -> notFound(id));
    }

    /** Returns the source as a change sees it, or throws NOT_FOUND. */
    static Source inChange(ChangeContext ctx, SourceId id) {
        return ctx.records(SourceRecords.SOURCES, null).get(id).orElseThrow(() -> notFound(id));
    }

    /** Throws SOURCE_NOT_READY unless the source is READY. */
    static void requireReady(Source s) {
        if (s.status() != SourceStatus.READY) {
            throw AfsException.of(
                    Reason.SOURCE_NOT_READY,
                    "source " + s.id() + " is UNDERLAY_SOURCE_STATUS_" + s.status()
                            + "; it needs a successful import first",
                    "status",
                    "UNDERLAY_SOURCE_STATUS_" + s.status());
        }
    }

    /** Throws SOURCE_NOT_READY when the source is being deleted. */
    static void requireNotDeleting(Source s) {
        if (s.status() == SourceStatus.DELETING) {
            throw AfsException.of(
                    Reason.SOURCE_NOT_READY,
                    "source " + s.id() + " is being deleted",
                    "status",
                    "UNDERLAY_SOURCE_STATUS_DELETING");
        }
    }

    /** Returns one revision of a source the caller has loaded, or NOT_FOUND. */
    Revision revision(Caller caller, SourceId source, RevisionId id) {
        return engine.records(caller.tenant())
                .of(SourceRecords.REVISIONS, null)
                .get(new ChildKey(source, id.value()))
                .orElseThrow(() -> AfsException.notFound("revision " + id + " not found in source " + source));
    }

    /** Returns one job of a source the caller has loaded, or NOT_FOUND. */
    SourceJob job(Caller caller, SourceId source, JobId id) {
        return engine.records(caller.tenant())
                .of(SourceRecords.JOBS, null)
                .get(new ChildKey(source, id.value()))
                .orElseThrow(() -> AfsException.notFound("job " + id + " not found in source " + source));
    }

    static AfsException notFound(SourceId id) {
        return AfsException.notFound("source " + id + " not found");
    }
}
