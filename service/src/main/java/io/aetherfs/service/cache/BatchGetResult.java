package io.aetherfs.service.cache;

import java.util.List;

/** The answer of a batch get: the entries found, in the order asked, and the keys that were not. */
public record BatchGetResult(List<CacheEntry> entries, List<String> missingKeys) {
    public BatchGetResult {
        entries = List.copyOf(entries);
        missingKeys = List.copyOf(missingKeys);
    }
}
