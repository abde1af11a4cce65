package io.aetherfs.core.tree;

import io.aetherfs.core.model.EntryType;

/** A regular file: attributes, content, and its other hard-link paths. */
public record FileEntry(Attrs attrs, Content content, Links links) implements Entry {
    public FileEntry {
        if (links == null) {
            links = Links.NONE;
        }
    }

    @Override
    public EntryType type() {
        return EntryType.FILE;
    }

    @Override
    public FileEntry withAttrs(Attrs a) {
        return new FileEntry(a, content, links);
    }

    @Override
    public FileEntry withLinks(Links l) {
        return new FileEntry(attrs, content, l);
    }

    /** Returns a copy with other content. */
    public FileEntry withContent(Content c) {
        return new FileEntry(attrs, c, links);
    }

    @Override
    public long size() {
        return content.size();
    }
}
