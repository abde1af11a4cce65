package io.aetherfs.core.tree;

import io.aetherfs.core.model.EntryType;
import java.nio.charset.StandardCharsets;

/** A symbolic link: its target is stored verbatim and never resolved by the server. */
public record SymlinkEntry(Attrs attrs, String target, Links links) implements Entry {
    public SymlinkEntry {
        if (links == null) {
            links = Links.NONE;
        }
    }

    @Override
    public EntryType type() {
        return EntryType.SYMLINK;
    }

    @Override
    public SymlinkEntry withAttrs(Attrs a) {
        return new SymlinkEntry(a, target, links);
    }

    @Override
    public SymlinkEntry withLinks(Links l) {
        return new SymlinkEntry(attrs, target, l);
    }

    @Override
    public long size() {
        return target.getBytes(StandardCharsets.UTF_8).length;
    }
}
