package io.aetherfs.core.model;

import java.time.Instant;

/**
 * One step of a session's ancestry: it (or an ancestor) was forked from {@code parent} when the parent's
 * tree was {@code root}. A session keeps its whole lineage, so merge bases survive deleted ancestors.
 */
public record ForkPoint(SessionId parent, SessionId child, Hash root, Instant forkedAt) {}
