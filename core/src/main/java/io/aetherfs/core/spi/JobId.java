package io.aetherfs.core.spi;

import io.aetherfs.core.model.Ulid;

/** The id of a queued job: {@code job_} plus a lowercase ULID, made by the queue that stores the job. */
public record JobId(String value) implements Comparable<JobId> {
    public static final String PREFIX = "job_";

    public JobId {
        if (value == null
                || value.length() != PREFIX.length() + 26
                || !value.startsWith(PREFIX)
                || !Ulid.isValid(value.substring(PREFIX.length()))) {
            throw new IllegalArgumentException("not a valid job id: " + value);
        }
    }

    /** Returns a new id from the generator. */
    public static JobId generate(Ulid ulid) {
        return new JobId(PREFIX + ulid.next());
    }

    @Override
    public int compareTo(JobId o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
