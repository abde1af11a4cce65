package io.aetherfs.service.session;

import io.aetherfs.core.engine.ChangeContext;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.model.Hash;
import io.aetherfs.core.model.SourceRef;

/**
 * Where sessions created from a {@code sourceRef} start (spec §8.2): the stored root of a READY source's
 * revision, resolved inside the creating change so a source that is being deleted cannot be used.
 */
@FunctionalInterface
public interface SourceBases {
    /** Answers NOT_FOUND for every source (a service layer without sources). */
    SourceBases NONE = (ctx, ref) -> {
        throw AfsException.notFound("source " + ref.sourceId() + " not found");
    };

    /**
     * Returns the revision {@code ref} names (its latest when {@code ref.revisionId()} is null): NOT_FOUND
     * for an unknown source or revision, SOURCE_NOT_READY unless the source is READY.
     */
    Base resolve(ChangeContext ctx, SourceRef ref);

    /** A resolved revision: the full reference, its stored tree root and its fingerprint. */
    record Base(SourceRef ref, Hash root, String fingerprint) {}
}
