package io.aetherfs.core.model;

/** The source revision a session started from. */
public record SourceRef(String sourceId, String revisionId) {}
