package io.aetherfs.service.transfer;

import io.aetherfs.core.model.FsPath;
import io.aetherfs.service.archive.ArchiveFormat;

/** A tarball sync: format (null: detect), where to apply it, whether to delete what it lacks, and the expected fingerprint. */
public record SyncRequest(ArchiveFormat format, FsPath basePath, boolean deleteMissing, String expectedFingerprint) {}
