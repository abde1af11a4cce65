package io.aetherfs.service.sources;

/** How a revision came to be (spec §7 RevisionOrigin). */
public enum RevisionOrigin {
    IMPORT,
    REFRESH,
    PROMOTION
}
