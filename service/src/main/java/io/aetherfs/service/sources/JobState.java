package io.aetherfs.service.sources;

/** Where a source job is (spec §7 UnderlayImportJobState): QUEUED → RUNNING → SUCCEEDED | FAILED. */
public enum JobState {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED;

    /** Returns whether the job has ended. */
    public boolean finished() {
        return this == SUCCEEDED || this == FAILED;
    }
}
