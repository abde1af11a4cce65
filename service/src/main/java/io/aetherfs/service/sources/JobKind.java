package io.aetherfs.service.sources;

/** What a source job does (spec §7 SourceJobKind). */
public enum JobKind {
    IMPORT,
    REFRESH,
    PROMOTION
}
