package io.aetherfs.core.engine;

import java.util.List;

/** One page of a listing: the records, and whether more follow. */
public record RecordPage<R>(List<R> items, boolean more) {
    public RecordPage {
        items = List.copyOf(items);
    }
}
