package io.aetherfs.service.files;

import java.util.List;

/** One page of a manifest with the session's current fingerprint. */
public record Manifest(List<EntryView> entries, String fingerprint, String nextPageToken) {}
