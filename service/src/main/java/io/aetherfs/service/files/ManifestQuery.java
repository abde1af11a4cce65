package io.aetherfs.service.files;

import io.aetherfs.core.model.FsPath;

/** What to list: entries at or below a path prefix, recursively or one level, with or without extents. */
public record ManifestQuery(FsPath pathPrefix, boolean recursive, boolean includeCasExtents) {
    String canonical() {
        return pathPrefix + "|" + recursive + "|" + includeCasExtents;
    }
}
