package io.aetherfs.cli.files;

import io.aetherfs.cli.Details;
import io.aetherfs.cli.Formats;
import io.aetherfs.cli.Table;
import io.aetherfs.proto.v1.EntryType;
import io.aetherfs.proto.v1.ManifestEntry;
import java.util.List;

/** The human forms of manifest entries: the {@code ls} table and the details of one. */
final class FileViews {
    private FileViews() {}

    static Table table(List<ManifestEntry> entries) {
        Table t = new Table("TYPE", "MODE", "SIZE", "MODIFIED", "PATH");
        for (ManifestEntry e : entries) {
            t.row(
                    type(e.getType()),
                    Formats.mode(e.getMode()),
                    e.getType() == EntryType.ENTRY_TYPE_DIRECTORY ? "-" : e.getSize(),
                    Formats.time(e.getMtime()),
                    e.getPath() + target(e));
        }
        return t;
    }

    static Details details(ManifestEntry e) {
        return new Details()
                .add("path", e.getPath())
                .add("type", type(e.getType()))
                .add("size", e.getSize())
                .add("mode", Formats.mode(e.getMode()))
                .add("modified", Formats.time(e.getMtime()))
                .add("content hash", e.getContentHash())
                .add("symlink target", e.getSymlinkTarget());
    }

    static String type(EntryType type) {
        return Formats.name(type, "ENTRY_TYPE_").toLowerCase(java.util.Locale.ROOT);
    }

    private static String target(ManifestEntry e) {
        return e.getType() == EntryType.ENTRY_TYPE_SYMLINK ? " -> " + e.getSymlinkTarget() : "";
    }
}
