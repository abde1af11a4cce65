package io.aetherfs.cli.history;

import io.aetherfs.cli.Formats;
import io.aetherfs.cli.Table;
import io.aetherfs.proto.v1.ChangeEntry;
import io.aetherfs.proto.v1.ChangeStats;
import java.util.List;

/** The human forms of changes: one line per changed path and a one-line count. */
final class ChangeViews {
    private ChangeViews() {}

    static Table table(List<ChangeEntry> changes) {
        Table t = new Table("CHANGE", "TYPE", "SIZE", "PATH");
        for (ChangeEntry c : changes) {
            t.row(
                    Formats.name(c.getChangeKind(), "CHANGE_KIND_"),
                    Formats.name(c.getEntryType(), "ENTRY_TYPE_").toLowerCase(java.util.Locale.ROOT),
                    c.getNewSize(),
                    c.getPath());
        }
        return t;
    }

    static String stats(ChangeStats s) {
        return s.getAdded() + " added, " + s.getModified() + " modified, " + s.getDeleted() + " deleted, "
                + Formats.bytes(s.getBytes());
    }
}
