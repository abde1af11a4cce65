package io.aetherfs.service.files;

import io.aetherfs.core.model.FsPath;

/**
 * An attribute change (SetAttributes, spec §9.2): the entry and what to set on it. A null field keeps
 * its value; {@code size} truncates or extends a regular file; {@code mtimeNanos} defaults to now when
 * the size changes.
 */
public record SetAttributes(FsPath path, Integer mode, Integer uid, Integer gid, Long size, Long mtimeNanos) {}
