package io.aetherfs.core.tree;

import io.aetherfs.core.model.EntryType;

/** A FIFO, socket or device node: no content, only a kind, attributes and (devices) an rdev. */
public record SpecialEntry(Attrs attrs, EntryType type, long rdev, Links links) implements Entry {
    public SpecialEntry {
        if (!type.isSpecial()) {
            throw new IllegalArgumentException(type + " is not a special file kind");
        }
        if (links == null) {
            links = Links.NONE;
        }
    }

    @Override
    public SpecialEntry withAttrs(Attrs a) {
        return new SpecialEntry(a, type, rdev, links);
    }

    @Override
    public SpecialEntry withLinks(Links l) {
        return new SpecialEntry(attrs, type, rdev, l);
    }

    @Override
    public long size() {
        return 0;
    }
}
