package io.aetherfs.cli.checkpoints;

import io.aetherfs.cli.Details;
import io.aetherfs.cli.Formats;
import io.aetherfs.cli.Table;
import io.aetherfs.proto.v1.Checkpoint;
import java.util.List;

/** The human forms of checkpoints. */
final class CheckpointViews {
    private CheckpointViews() {}

    static Table table(List<Checkpoint> checkpoints) {
        Table t = new Table("ID", "NAME", "FILES", "SIZE", "CREATED", "BY");
        for (Checkpoint c : checkpoints) {
            t.row(
                    c.getCheckpointId(),
                    c.getName(),
                    c.getFileCount(),
                    Formats.bytes(c.getTotalBytes()),
                    Formats.time(c.getCreatedAt()),
                    c.getCreatedBy());
        }
        return t;
    }

    static Details details(Checkpoint c) {
        return new Details()
                .add("id", c.getCheckpointId())
                .add("session", c.getSessionId())
                .add("name", c.getName())
                .add("description", c.getDescription())
                .add("fingerprint", c.getFingerprint())
                .add("files", c.getFileCount())
                .add("size", Formats.bytes(c.getTotalBytes()))
                .add("created", Formats.time(c.getCreatedAt()))
                .add("by", c.getCreatedBy());
    }
}
