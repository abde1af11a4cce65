package io.aetherfs.service.sources;

/** Lifecycle status of a source (spec §7 UnderlaySourceStatus, §8.15). */
public enum SourceStatus {
    CREATING,
    READY,
    FAILED,
    DELETING
}
