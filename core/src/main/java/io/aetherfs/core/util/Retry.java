package io.aetherfs.core.util;

import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.Reason;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * The one bounded retry loop of the optimistic updates (Nessie's {@code CommitRetry}): the group
 * committer, the PostgreSQL transactions and job queue, merges and prepared content writes. It runs an
 * attempt until the attempt is done, pauses with the {@link Backoff} before the attempts that ask for
 * it, and is the one place that gives up: after the last allowed attempt, or when an attempt says its
 * own budget ran out, it answers ABORTED with {@link Reason#CONCURRENT_UPDATE}.
 *
 * <p>A {@code Retry} holds no state between runs and may be shared by threads.
 */
public final class Retry {
    /** Sleeps between attempts; tests inject one that records instead of sleeping. */
    @FunctionalInterface
    public interface Sleeper {
        /** Sleeps through every pause; an interrupt fails the run with UNAVAILABLE. */
        Sleeper INTERRUPTIBLE = Thread::sleep;

        /**
         * Sleeps, but an interrupt only stays set and the next attempt runs at once (for a thread that
         * must finish the work it holds while it closes).
         */
        Sleeper RESUMING = d -> {
            try {
                Thread.sleep(d);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };

        void sleep(Duration pause) throws InterruptedException;
    }

    /** One run of the retried work; {@code round} says which. */
    @FunctionalInterface
    public interface Attempt<T> {
        Outcome<T> run(Round round);
    }

    /**
     * Where a run stands: its attempt number (from 1), how many pauses came before it, and whether it
     * is the last attempt allowed (one that asks to run again then gives up).
     */
    public record Round(int attempt, int pauses, boolean last) {}

    /** What an attempt decided. */
    public sealed interface Outcome<T> {}

    /** The attempt succeeded (or failed for good by throwing): the run answers {@code value}. */
    public record Done<T>(T value) implements Outcome<T> {}

    /** The attempt lost a race; run again (after a pause if {@code pause}), or give up with {@code giveUp}. */
    public record Again<T>(boolean pause, Supplier<AfsException> giveUp) implements Outcome<T> {}

    /** The attempt's own budget ran out: give up now with {@code giveUp}. */
    public record GiveUp<T>(Supplier<AfsException> giveUp) implements Outcome<T> {}

    private final String what;
    private final int maxAttempts;
    private final Backoff backoff;
    private final Sleeper sleeper;
    private final RandomGenerator random;

    /**
     * Returns a retry of at most {@code maxAttempts} attempts, pausing per {@code backoff}; {@code what}
     * ("a metadata transaction") names the work in the messages of an interrupt or a give-up.
     */
    public Retry(String what, int maxAttempts, Backoff backoff) {
        this(what, maxAttempts, backoff, Sleeper.INTERRUPTIBLE, () -> ThreadLocalRandom.current()
                .nextLong());
    }

    private Retry(String what, int maxAttempts, Backoff backoff, Sleeper sleeper, RandomGenerator random) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("a retry needs at least one attempt");
        }
        this.what = Objects.requireNonNull(what, "what");
        this.maxAttempts = maxAttempts;
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** Returns this retry with another sleeper. */
    public Retry withSleeper(Sleeper sleeper) {
        return new Retry(what, maxAttempts, backoff, sleeper, random);
    }

    /** Returns this retry with another sleeper and source of jitter (for tests). */
    public Retry with(Sleeper sleeper, RandomGenerator random) {
        return new Retry(what, maxAttempts, backoff, sleeper, random);
    }

    /** Returns the most attempts one run makes. */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** Returns a done outcome answering {@code value}. */
    public static <T> Outcome<T> done(T value) {
        return new Done<>(value);
    }

    /** Returns "run again after a pause"; {@code giveUp} is the answer if that was the last attempt. */
    public static <T> Outcome<T> again(Supplier<AfsException> giveUp) {
        return new Again<>(true, giveUp);
    }

    /** Returns "run again at once" (nothing to wait for: the state is already fresh). */
    public static <T> Outcome<T> againNow() {
        return new Again<>(false, null);
    }

    /** Returns "run again at once"; {@code giveUp} is the answer if that was the last attempt. */
    public static <T> Outcome<T> againNow(Supplier<AfsException> giveUp) {
        return new Again<>(false, giveUp);
    }

    /** Returns "give up now" with {@code giveUp}, for a budget the attempt keeps itself. */
    public static <T> Outcome<T> giveUp(Supplier<AfsException> giveUp) {
        return new GiveUp<>(giveUp);
    }

    /**
     * Runs {@code attempt} until it is done, and returns its value. An exception of an attempt ends the
     * run unchanged.
     *
     * @throws AfsException ABORTED ({@link Reason#CONCURRENT_UPDATE}) when the attempts ran out; UNAVAILABLE
     *     when the thread was interrupted during a pause (its interrupt flag stays set)
     */
    public <T> T run(Attempt<T> attempt) {
        int pauses = 0;
        for (int n = 1; ; n++) {
            Outcome<T> outcome = attempt.run(new Round(n, pauses, n == maxAttempts));
            switch (outcome) {
                case Done<T> d -> {
                    return d.value();
                }
                case GiveUp<T> g -> throw aborted(g.giveUp(), n);
                case Again<T> a -> {
                    if (n >= maxAttempts) {
                        throw aborted(a.giveUp(), n);
                    }
                    if (a.pause()) {
                        pause(++pauses);
                    }
                }
            }
        }
    }

    private void pause(int n) {
        try {
            sleeper.sleep(backoff.delay(n, random));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw AfsException.unavailable("interrupted while retrying " + what, e);
        }
    }

    /** Returns the ABORTED answer of a run that gave up after {@code attempts}. */
    private AfsException aborted(Supplier<AfsException> giveUp, int attempts) {
        AfsException e = giveUp == null ? null : giveUp.get();
        if (e == null) {
            return AfsException.concurrentUpdate(
                    what + " conflicted with concurrent updates " + attempts + " times in a row; retry", null);
        }
        return e.reason() == Reason.CONCURRENT_UPDATE ? e : AfsException.concurrentUpdate(e.getMessage(), e);
    }
}
