package io.aetherfs.service.files;

import java.util.List;

/** The results of a batch in operation order (null where the operation returns nothing) and the new fingerprint. */
public record BatchResult(List<EntryView> results, String fingerprint) {}
