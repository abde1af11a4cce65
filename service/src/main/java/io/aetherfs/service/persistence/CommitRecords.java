package io.aetherfs.service.persistence;

import io.aetherfs.core.engine.RecordEvent;
import io.aetherfs.core.engine.RecordLayout;
import io.aetherfs.core.engine.RecordType;
import io.aetherfs.core.model.Commit;
import io.aetherfs.core.model.CommitId;
import io.aetherfs.core.model.EventType;
import java.util.Map;

/** The stored kind of commits: immutable records of a session's tree, each naming its commit object. */
final class CommitRecords {
    private CommitRecords() {}

    /** Commits by id (time-ordered); creating one records COMMIT_CREATED with its id, fingerprint and stats. */
    static final RecordType<CommitId, Commit> COMMITS = RecordType.<CommitId, Commit>builder(
                    "commit", RecordLayout.COMMITS)
            .idPart(CommitId::value)
            .idOf(Commit::id)
            .json(Commit.class)
            .events(CommitRecords::event)
            .build();

    private static RecordEvent event(Commit before, Commit after) {
        if (before != null || after == null) {
            return null; // commits are immutable and go only with their session
        }
        return RecordEvent.of(
                EventType.COMMIT_CREATED,
                null,
                Map.of(
                        "commitId",
                        after.id().value(),
                        "fingerprint",
                        after.fingerprint(),
                        "added",
                        after.stats().added(),
                        "modified",
                        after.stats().modified(),
                        "deleted",
                        after.stats().deleted()));
    }
}
