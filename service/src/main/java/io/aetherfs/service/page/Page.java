package io.aetherfs.service.page;

import java.util.List;

/** One page of results and the token of the next page (empty on the last). */
public record Page<T>(List<T> items, String nextPageToken) {
    public Page {
        items = List.copyOf(items);
        nextPageToken = nextPageToken == null ? "" : nextPageToken;
    }
}
