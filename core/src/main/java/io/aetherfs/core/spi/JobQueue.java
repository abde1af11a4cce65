package io.aetherfs.core.spi;

import io.aetherfs.core.model.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The job queue SPI: durable background work shared by every server node, claimed under time-limited
 * leases. A node claims due jobs, renews the lease while it works, then completes the job or hands it
 * back for a later attempt; if the node dies, the lease runs out and any node claims the job again. Jobs
 * are reminders, not the truth: a handler re-reads the state its job acts on, so running a job twice
 * is harmless (at-least-once execution).
 *
 * <p>A job is a kind (what to do: 1 to {@value #MAX_KIND_CHARS} characters of {@code [a-z0-9._-]},
 * starting with a letter), a tenant, a subject (what it acts on: 1 to {@value #MAX_SUBJECT_CHARS}
 * printable ASCII characters) and an opaque payload of at most {@value #MAX_PAYLOAD_BYTES} bytes. At most
 * one unfinished job exists per (tenant, kind, subject). A finished job leaves no row: success and
 * final failure both end with {@link #complete}, and their outcome lives in the state the handler
 * changed (and in the log).
 *
 * <p>Times come from the queue's clock (each node's own; leases assume clocks agree to well within a
 * lease). Claims and their fencing are atomic against every other claimer of every node sharing the
 * backend. Race outcomes are return values, not exceptions. Arguments outside the limits above, an
 * owner that is not 1 to {@value #MAX_OWNER_CHARS} printable ASCII characters, a {@code max} below 1
 * or a lease that is not positive are IllegalArgumentExceptions. Implementations are thread-safe;
 * backend faults and calls after {@link #close()} raise {@link io.aetherfs.core.error.AfsException}
 * UNAVAILABLE.
 */
public interface JobQueue extends AutoCloseable {
    int MAX_KIND_CHARS = 64;
    int MAX_SUBJECT_CHARS = 256;
    int MAX_OWNER_CHARS = 200;
    int MAX_PAYLOAD_BYTES = 64 * 1024;
    /** Error texts kept with a job are cut to this many characters. */
    int MAX_ERROR_CHARS = 1000;

    /**
     * Stores a new free job due at {@code notBefore} (the past means now) and returns it; if an unfinished
     * job of the same tenant, kind and subject exists, stores nothing and returns that one unchanged
     * (whatever its payload, due time or lease). Durable when this returns.
     */
    Job enqueue(TenantId tenant, String kind, String subject, byte[] payload, Instant notBefore);

    /**
     * Claims up to {@code max} jobs of the given kinds whose due time has come (free jobs past their
     * not-before, claimed jobs whose lease ran out), earliest due first: each gets {@code owner} and a
     * lease until now + {@code lease}, and its attempt count goes up by one. Returns the claimed jobs
     * (none when nothing is due). Two concurrent claims never return the same job while its lease holds.
     */
    List<Job> claim(String owner, Set<String> kinds, int max, Duration lease);

    /**
     * Extends the lease of a claimed job to now + {@code lease}; returns false, changing nothing, when the
     * job was claimed again since (the claim is stale), completed, or handed back.
     */
    boolean renew(Job claimed, Duration lease);

    /** Removes a claimed job for good; returns false, changing nothing, when the claim is stale. */
    boolean complete(Job claimed);

    /**
     * Hands a claimed job back: it becomes free and due at {@code notBefore}, keeping its attempt count and
     * remembering {@code error} (cut to {@value #MAX_ERROR_CHARS} characters; null for none). Returns
     * false, changing nothing, when the claim is stale.
     */
    boolean retryLater(Job claimed, Instant notBefore, String error);

    /** Returns the unfinished job of this tenant, kind and subject, or empty (for inspection and tests). */
    Optional<Job> find(TenantId tenant, String kind, String subject);

    /** Releases what the queue holds of its own; closing twice is harmless. */
    @Override
    void close();
}
