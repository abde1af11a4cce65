package io.aetherfs.service.sources;

/** What kind of baseline a source is (spec §7 UnderlaySourceKind). */
public enum SourceKind {
    GIT_REMOTE,
    UPLOADED_SNAPSHOT,
    LOCALFS,
    GIT_BUNDLE;

    /** Returns whether the content of this kind arrives as uploads (refresh is refused). */
    public boolean uploaded() {
        return this == UPLOADED_SNAPSHOT || this == GIT_BUNDLE;
    }
}
