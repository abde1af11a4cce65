package io.aetherfs.service.transfer;

import io.aetherfs.core.model.FsPath;
import io.aetherfs.service.archive.ArchiveFormat;
import io.aetherfs.service.collab.LockToken;

/**
 * A tarball sync: format (null: detect), where to apply it, whether to delete what it lacks, the expected
 * fingerprint, and the token of the collaboration lock whose paths it may change (null: none).
 */
public record SyncRequest(
        ArchiveFormat format,
        FsPath basePath,
        boolean deleteMissing,
        String expectedFingerprint,
        LockToken lockToken) {}
