package io.aetherfs.service.files;

import io.aetherfs.core.model.FsPath;

/**
 * A whole-file write: where, whether to create missing parents, an optional mode and mtime, and the
 * preconditions (expected current hash, or create-only).
 */
public record WriteFile(
        FsPath path, boolean createParents, Integer mode, Long mtimeNanos, String expectedHash, boolean createOnly) {}
