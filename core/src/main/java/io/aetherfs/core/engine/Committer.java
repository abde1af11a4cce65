package io.aetherfs.core.engine;

import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.ErrorCode;
import io.aetherfs.core.error.Reason;
import io.aetherfs.core.model.Actor;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.core.util.Backoff;
import io.aetherfs.core.util.Retry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: one thread takes every change queued so far, runs them in order against the latest
 * state, and stores the effects of all that succeeded in a single metadata transaction (one round of
 * fsyncs). Each caller is answered only after that transaction is durable. While one batch commits,
 * the next one queues, so batches grow with load without any added wait.
 *
 * <p>When another writer changed a session the batch touched (another node, on a shared store), the
 * batch runs again on the newest state. The race would be unfair (a node that just committed goes on
 * from a fresh cache while the loser must re-read first, so the same node could lose many times in a
 * row), so on a shared store every batch commits holding the writer locks of the sessions it writes
 * ({@link BatchLocks}) and keeps the locks of the sessions it lost on while it runs again: a write
 * loses a race on its session at most once.
 */
final class Committer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Committer.class);
    private static final int MAX_BATCH = 512;
    /** Attempts of one batch; with the backoff below about a second of pauses before ABORTED. */
    private static final int MAX_ATTEMPTS = 64;
    /**
     * Runs of one batch the store may abort (each already retried inside the store, for up to about half
     * a second on PostgreSQL) before its changes fail with that ABORTED; bounds how long one batch can
     * hold up this node's queue.
     */
    private static final int MAX_STORE_ABORTS = 4;
    /** The n-th pause of a batch is a random time up to min(CAP, BASE·2^(n-1)). */
    private static final Duration BACKOFF_BASE = Duration.ofNanos(500_000);
    /** The longest pause, reached from the seventh pause on. */
    private static final Duration BACKOFF_CAP = Duration.ofMillis(32);

    private final Engine engine;
    private final BlockingDeque<Unit<?>> queue = new LinkedBlockingDeque<>();
    private final BatchLocks locks;
    /** Pauses resume on an interrupt: the committer is closing, so it retries at once and finishes. */
    private final Retry retry = new Retry("a batch of changes", MAX_ATTEMPTS, new Backoff(BACKOFF_BASE, BACKOFF_CAP))
            .withSleeper(Retry.Sleeper.RESUMING);

    private final Thread thread;
    private volatile boolean closed;

    /** A queued change and its caller's future. */
    private static final class Unit<R> {
        final TenantId tenant;
        final Actor actor;
        final Change<R> change;
        final CompletableFuture<R> done = new CompletableFuture<>();
        R result;
        AfsException failure;
        /** The sessions the change looked up or wrote in its last run, whether or not it succeeded. */
        List<SessionCache.Key> accessed = List.of();
        /** How many of its commits lost to a concurrent writer. */
        int conflicts;

        Unit(TenantId tenant, Actor actor, Change<R> change) {
            this.tenant = tenant;
            this.actor = actor;
            this.change = change;
        }

        void run(Batch batch, Engine engine) {
            UnitContext ctx = new UnitContext(engine, batch, tenant, actor);
            try {
                result = change.apply(ctx);
                ctx.settle();
                batch.absorb(ctx);
            } catch (AfsException e) {
                failure = e;
            } catch (RuntimeException e) {
                log.error("change failed unexpectedly", e);
                failure = AfsException.internal("internal error while applying the change", e);
            } finally {
                accessed = ctx.accessed.stream()
                        .map(id -> new SessionCache.Key(tenant, id))
                        .toList();
            }
        }
    }

    Committer(Engine engine) {
        this.engine = engine;
        this.locks = new BatchLocks(engine.writerLocks());
        this.thread = Thread.ofPlatform().name("afs-committer").daemon(true).start(this::loop);
    }

    /** Runs a change and returns its result once it is durable, or throws its error. */
    <R> R submit(TenantId tenant, Actor actor, Change<R> change) {
        if (closed) {
            throw AfsException.unavailable("the server is shutting down", null);
        }
        Unit<R> unit = new Unit<>(tenant, actor, change);
        queue.add(unit);
        try {
            return unit.done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AfsException(ErrorCode.CANCELLED, "interrupted while waiting for the commit");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AfsException a) {
                throw a;
            }
            throw AfsException.internal("commit failed", e.getCause());
        }
    }

    private void loop() {
        List<Unit<?>> units = new ArrayList<>();
        while (!closed || !queue.isEmpty()) {
            try {
                Unit<?> first = locks.holding()
                        ? queue.poll(BatchLocks.LINGER_NANOS, java.util.concurrent.TimeUnit.NANOSECONDS)
                        : queue.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS);
                if (first == null) {
                    locks.close(); // nothing more came: let other nodes write the sessions
                    continue;
                }
                units.add(first);
                queue.drainTo(units, MAX_BATCH - 1);
                process(units);
                locks.afterBatch();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException | Error e) {
                locks.close();
                log.error("committer failure", e);
                for (Unit<?> u : units) {
                    u.done.completeExceptionally(AfsException.internal("commit failed", e));
                }
            } finally {
                units.clear();
            }
        }
        locks.close();
    }

    /**
     * Commits the units as one batch. When another writer (another node) changed a session underneath,
     * the batch runs again on the newest state of it. With writer locks (a store shared by nodes) the
     * batch holds the locks of the sessions it writes while it commits, and keeps them, plus those of
     * the contested sessions, while it runs again, so its next attempt cannot lose that race again.
     * Without them, the units that looked at the contested session, including those that failed on what
     * they saw, go back to the head of the queue and the others run again without them, so one hot
     * session never delays unrelated changes; when every unit looked at a contested session, the batch
     * runs again after a pause. Each run pins sessions afresh (see {@link Batch#pinned}).
     */
    private void process(List<Unit<?>> batchUnits) {
        Run run = new Run(batchUnits);
        try {
            retry.run(run::attempt);
        } catch (AfsException e) {
            fail(run.units, e);
        }
    }

    /** One batch's runs: the units still in it, the sessions contested so far, the store's aborts. */
    private final class Run {
        final List<Unit<?>> units;
        final List<SessionCache.Key> contested = new ArrayList<>();
        int storeAborts;

        Run(List<Unit<?>> units) {
            this.units = new ArrayList<>(units);
        }

        Retry.Outcome<Void> attempt(Retry.Round round) {
            Batch batch = new Batch();
            for (Unit<?> u : units) {
                u.failure = null;
                u.result = null;
                u.run(batch, engine);
            }
            try {
                commit(batch, contested);
                complete(units);
                return Retry.done(null);
            } catch (Batch.Conflict c) {
                return round.last() ? Retry.again(Committer::tooManyConflicts) : lost(c);
            } catch (AfsException e) {
                if (e.code() != ErrorCode.ABORTED) {
                    throw e;
                }
                if (++storeAborts > MAX_STORE_ABORTS) {
                    return Retry.giveUp(() -> e);
                }
                // the store gave up on a transaction it could not serialize with other nodes' (on
                // PostgreSQL also false positives between sessions whose rows share an index page):
                // nothing was written, so the whole batch runs again, on freshly pinned sessions
                log.debug("metadata transaction aborted, retrying the batch: {}", e.getMessage());
                return Retry.again(() -> e);
            } catch (RuntimeException e) {
                log.error("metadata commit failed", e);
                throw AfsException.unavailable("the metadata store failed to commit", e);
            }
        }

        /** Prepares the next run after losing on {@code c}: at once where that can no longer lose. */
        Retry.Outcome<Void> lost(Batch.Conflict c) {
            refresh(c);
            contested.addAll(c.sessions);
            if (locks.enabled() && !c.sessions.isEmpty()) {
                return Retry.againNow(); // the contested sessions' locks are ours from now on
            }
            List<Unit<?>> later = units.stream()
                    .filter(u -> u.accessed.stream().anyMatch(c.sessions::contains))
                    .toList();
            if (!later.isEmpty() && later.size() < units.size()) {
                // the others commit now; the losers run again from the queue on the newest state
                units.removeAll(later);
                requeue(later);
                return Retry.againNow();
            }
            return Retry.again(Committer::tooManyConflicts);
        }
    }

    /**
     * Stores a batch (holding the writer locks of what it writes and of the sessions contested so far)
     * or, when it stores nothing on a shared store, checks that nothing it answers from is stale.
     */
    private void commit(Batch batch, List<SessionCache.Key> contested) {
        if (!batch.isEmpty()) {
            List<SessionCache.Key> locked = new ArrayList<>(batch.sessions.keySet());
            locked.addAll(contested);
            locks.cover(locked);
            Map<SessionCache.Key, byte[]> records = batch.records();
            engine.meta().write(tx -> {
                batch.writeTo(tx, records);
                return null;
            });
            publish(batch, records);
        } else if (engine.sharedByNodes() && batch.hasPins()) {
            // nothing to store, but the answers (failures, reads) must not stand on a stale cache
            List<SessionCache.Key> stale = engine.meta().read(batch::stalePins);
            if (!stale.isEmpty()) {
                throw new Batch.Conflict(stale);
            }
        }
    }

    /** Returns how many changes wait for the committer thread (for tests that build a batch). */
    int queued() {
        return queue.size();
    }

    /** Brings the contested sessions up to date in the cache, which the next runs pin from. */
    private void refresh(Batch.Conflict c) {
        c.sessions.forEach(k -> engine.sessionCache().refreshOrDrop(k.tenant(), k.id()));
    }

    /** Puts units back at the head of the queue in their order, failing those that lost too often. */
    private void requeue(List<Unit<?>> later) {
        for (Unit<?> u : later.reversed()) {
            if (++u.conflicts >= MAX_ATTEMPTS) {
                u.done.completeExceptionally(tooManyConflicts());
            } else {
                queue.addFirst(u);
            }
        }
    }

    private static AfsException tooManyConflicts() {
        log.warn(
                "a change lost {} times in a row to concurrent writers of its sessions; answering ABORTED",
                MAX_ATTEMPTS);
        return AfsException.of(Reason.CONCURRENT_UPDATE, "too many concurrent updates of the same session; retry");
    }

    private void publish(Batch batch, Map<SessionCache.Key, byte[]> records) {
        batch.sessions.forEach((k, w) -> {
            if (!w.deleted()) {
                engine.sessionCache().publish(k.tenant(), new SessionState(w.current(), records.get(k), w.tree()));
            }
        });
        for (Runnable r : batch.afterCommit) {
            try {
                r.run();
            } catch (RuntimeException e) {
                log.warn("after-commit action failed", e);
            }
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void complete(List<Unit<?>> units) {
        for (Unit u : units) {
            if (u.failure != null) {
                u.done.completeExceptionally(u.failure);
            } else {
                u.done.complete(u.result);
            }
        }
    }

    private static void fail(List<Unit<?>> units, AfsException e) {
        for (Unit<?> u : units) {
            u.done.completeExceptionally(u.failure != null ? u.failure : e);
        }
    }

    /** Stops taking changes, finishes the queued ones, and waits for the thread. */
    @Override
    public void close() {
        closed = true;
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
