package io.aetherfs.service.page;

/** A page size (0 = default) and the opaque token of the previous page's end (empty = first page). */
public record PageRequest(int pageSize, String pageToken) {
    public static final PageRequest FIRST = new PageRequest(0, "");

    public PageRequest {
        pageToken = pageToken == null ? "" : pageToken;
    }
}
