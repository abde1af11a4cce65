package io.aetherfs.service.sources;

import io.aetherfs.core.engine.ChangeContext;
import io.aetherfs.core.engine.Engine;
import io.aetherfs.core.engine.Records;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.model.Hash;
import io.aetherfs.core.model.RevisionId;
import io.aetherfs.core.model.SourceId;
import io.aetherfs.core.model.SourceRef;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.service.session.SourceBases;
import io.aetherfs.service.sources.SourceRecords.ChildKey;
import java.util.Optional;

/**
 * Revisions as the starting points of sessions (spec §8.2) and as merge ancestors (§8.5 rule 3): a
 * {@code sourceRef} resolves to the revision's stored root, checked in the session's creating change.
 */
public final class SourceRevisions implements SourceBases {
    @Override
    public Base resolve(ChangeContext ctx, SourceRef ref) {
        SourceId id = SourceIds.parseSource(ref.sourceId());
        Source s = SourceAccess.inChange(ctx, id);
        SourceAccess.requireReady(s);
        RevisionId rev = ref.revisionId() == null ? s.latestRevisionId() : SourceIds.parseRevision(ref.revisionId());
        Revision r = ctx.records(SourceRecords.REVISIONS, null)
                .get(new ChildKey(id, rev.value()))
                .orElseThrow(() -> AfsException.notFound("revision " + rev + " not found in source " + id));
        return new Base(new SourceRef(id.value(), rev.value()), r.root(), r.fingerprint());
    }

    /** Returns the stored root of the revision {@code ref} names exactly, if it still exists. */
    public static Optional<Hash> root(Engine engine, TenantId tenant, SourceRef ref) {
        return root(engine.records(tenant).of(SourceRecords.REVISIONS, null), ref);
    }

    /** Returns the stored root of the revision {@code ref} names exactly, as a change sees it. */
    public static Optional<Hash> root(ChangeContext ctx, SourceRef ref) {
        return root(ctx.records(SourceRecords.REVISIONS, null), ref);
    }

    private static Optional<Hash> root(Records<ChildKey, Revision> revisions, SourceRef ref) {
        if (ref == null || !SourceId.isValid(ref.sourceId()) || !RevisionId.isValid(ref.revisionId())) {
            return Optional.empty();
        }
        return revisions
                .get(new ChildKey(new SourceId(ref.sourceId()), ref.revisionId()))
                .map(Revision::root);
    }
}
