package io.aetherfs.core.memory;

import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.core.model.Ulid;
import io.aetherfs.core.spi.Job;
import io.aetherfs.core.spi.JobArgs;
import io.aetherfs.core.spi.JobId;
import io.aetherfs.core.spi.JobQueue;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The reference {@link JobQueue}: jobs in a map of one process, behind one lock. Nothing survives the
 * process, so it serves the in-memory backend and tests; times are kept to the millisecond like the
 * SQL backends.
 *
 * <p>Layout: {@code Map<(tenant, kind, subject), Job>} of unfinished jobs; a claim scans it for due jobs.
 */
public final class InMemoryJobQueue implements JobQueue {
    private final Clock clock;
    private final Ulid ids;
    private final Map<Key, Job> jobs = new HashMap<>();
    private boolean closed;

    /** Returns a queue on the system clock. */
    public InMemoryJobQueue() {
        this(Clock.systemUTC());
    }

    /** Returns a queue whose due times and leases follow {@code clock}. */
    public InMemoryJobQueue(Clock clock) {
        this.clock = clock;
        this.ids = new Ulid(clock, new SecureRandom());
    }

    private record Key(TenantId tenant, String kind, String subject) {}

    @Override
    public synchronized Job enqueue(TenantId tenant, String kind, String subject, byte[] payload, Instant notBefore) {
        Key key = new Key(Objects.requireNonNull(tenant, "tenant"), JobArgs.kind(kind), JobArgs.subject(subject));
        JobArgs.payload(payload);
        checkOpen();
        Job existing = jobs.get(key);
        if (existing != null) {
            return copy(existing);
        }
        Instant now = now();
        Instant due = JobArgs.dueAt(notBefore, now);
        Job job = new Job(JobId.generate(ids), tenant, kind, subject, payload.clone(), now, due, 0, null, null);
        jobs.put(key, job);
        return copy(job);
    }

    @Override
    public synchronized List<Job> claim(String owner, Set<String> kinds, int max, Duration lease) {
        JobArgs.owner(owner);
        JobArgs.kinds(kinds);
        JobArgs.max(max);
        JobArgs.lease(lease);
        checkOpen();
        Instant now = now();
        List<Job> due = jobs.values().stream()
                .filter(j -> kinds.contains(j.kind()) && !j.dueAt().isAfter(now))
                .sorted(Comparator.comparing(Job::dueAt).thenComparing(Job::id))
                .limit(max)
                .toList();
        List<Job> claimed = new ArrayList<>(due.size());
        for (Job j : due) {
            Job c = new Job(
                    j.id(),
                    j.tenant(),
                    j.kind(),
                    j.subject(),
                    j.payload(),
                    j.createdAt(),
                    now.plus(lease),
                    j.attempts() + 1,
                    owner,
                    j.lastError());
            jobs.put(key(j), c);
            claimed.add(copy(c));
        }
        return claimed;
    }

    @Override
    public synchronized boolean renew(Job claimed, Duration lease) {
        JobArgs.lease(lease);
        Job current = held(claimed);
        if (current == null) {
            return false;
        }
        jobs.put(key(current), withLease(current, now().plus(lease), current.owner(), current.lastError()));
        return true;
    }

    @Override
    public synchronized boolean complete(Job claimed) {
        Job current = held(claimed);
        if (current == null) {
            return false;
        }
        jobs.remove(key(current));
        return true;
    }

    @Override
    public synchronized boolean retryLater(Job claimed, Instant notBefore, String error) {
        Job current = held(claimed);
        if (current == null) {
            return false;
        }
        Instant due = JobArgs.dueAt(notBefore, now());
        jobs.put(key(current), withLease(current, due, null, JobArgs.error(error)));
        return true;
    }

    @Override
    public synchronized Optional<Job> find(TenantId tenant, String kind, String subject) {
        checkOpen();
        return Optional.ofNullable(jobs.get(new Key(tenant, kind, subject))).map(InMemoryJobQueue::copy);
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    /** Returns the stored job when {@code claimed} is still its current claim, else null. */
    private Job held(Job claimed) {
        JobArgs.claimed(claimed);
        checkOpen();
        Job current = jobs.get(key(claimed));
        boolean same = current != null
                && current.id().equals(claimed.id())
                && claimed.owner().equals(current.owner())
                && current.attempts() == claimed.attempts();
        return same ? current : null;
    }

    private static Job withLease(Job j, Instant due, String owner, String error) {
        return new Job(
                j.id(), j.tenant(), j.kind(), j.subject(), j.payload(), j.createdAt(), due, j.attempts(), owner, error);
    }

    private static Job copy(Job j) {
        return new Job(
                j.id(),
                j.tenant(),
                j.kind(),
                j.subject(),
                j.payload().clone(),
                j.createdAt(),
                j.dueAt(),
                j.attempts(),
                j.owner(),
                j.lastError());
    }

    private static Key key(Job j) {
        return new Key(j.tenant(), j.kind(), j.subject());
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private void checkOpen() {
        if (closed) {
            throw AfsException.unavailable("the job queue is closed", null);
        }
    }
}
