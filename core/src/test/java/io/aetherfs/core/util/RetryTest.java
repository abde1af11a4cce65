package io.aetherfs.core.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.ErrorCode;
import io.aetherfs.core.error.Reason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RetryTest {
    private static final Backoff BACKOFF = new Backoff(Duration.ofNanos(1_000), Duration.ofNanos(16_000));
    /** Always picks the longest pause allowed, so recorded pauses are the bounds. */
    private static final RandomGenerator LONGEST = new RandomGenerator() {
        @Override
        public long nextLong() {
            return -1;
        }

        @Override
        public long nextLong(long bound) {
            return bound - 1;
        }
    };

    private final List<Duration> slept = new ArrayList<>();
    private final Retry.Sleeper recorder = slept::add;

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    private Retry retry(int maxAttempts) {
        return new Retry("a test update", maxAttempts, BACKOFF).with(recorder, LONGEST);
    }

    @Test
    void run_doneAtOnce_returnsItsValueWithoutPausing() {
        assertThat(retry(3).<String>run(r -> Retry.done("v"))).isEqualTo("v");
        assertThat(slept).isEmpty();
    }

    @Test
    void run_lostTwice_pausesBeforeEachRetryAndNumbersTheRounds() {
        List<Retry.Round> rounds = new ArrayList<>();

        String v = retry(5).run(r -> {
            rounds.add(r);
            return r.attempt() < 3 ? Retry.again(null) : Retry.done("third");
        });

        assertThat(v).isEqualTo("third");
        assertThat(rounds)
                .containsExactly(
                        new Retry.Round(1, 0, false), new Retry.Round(2, 1, false), new Retry.Round(3, 2, false));
        assertThat(slept).containsExactly(Duration.ofNanos(1_000), Duration.ofNanos(2_000));
    }

    @Test
    void run_againNow_retriesWithoutPausingAndPausesCountOnlyRealPauses() {
        List<Integer> pausesSeen = new ArrayList<>();

        retry(4).run(r -> {
            pausesSeen.add(r.pauses());
            return switch (r.attempt()) {
                case 1 -> Retry.againNow();
                case 2 -> Retry.again(null);
                case 3 -> Retry.againNow();
                default -> Retry.done(null);
            };
        });

        assertThat(pausesSeen).containsExactly(0, 0, 1, 1);
        assertThat(slept).containsExactly(Duration.ofNanos(1_000));
    }

    @Test
    void run_lostEveryAttempt_givesUpAfterTheLastWithAbortedConcurrentUpdate() {
        List<Retry.Round> rounds = new ArrayList<>();

        assertThatThrownBy(() -> retry(3).run(r -> {
                    rounds.add(r);
                    return Retry.again(null);
                }))
                .isInstanceOfSatisfying(AfsException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.ABORTED);
                    assertThat(e.reason()).isEqualTo(Reason.CONCURRENT_UPDATE);
                    assertThat(e.getMessage()).contains("a test update").contains("3 times");
                });
        assertThat(rounds).hasSize(3);
        assertThat(rounds.getLast().last()).isTrue();
        assertThat(slept).as("no pause after the last attempt").hasSize(2);
    }

    @Test
    void run_givingUp_answersTheAttemptsOwnErrorWhenItHasTheReason() {
        AfsException own = AfsException.concurrentUpdate("the store gave up", null);

        assertThatThrownBy(() -> retry(2).run(r -> Retry.againNow(() -> own))).isSameAs(own);
    }

    @Test
    void run_givingUpWithAnErrorWithoutTheReason_answersConcurrentUpdateCausedByIt() {
        AfsException other = AfsException.unavailable("lost", null);

        assertThatThrownBy(() -> retry(2).run(r -> Retry.again(() -> other)))
                .isInstanceOfSatisfying(AfsException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.CONCURRENT_UPDATE);
                    assertThat(e.getMessage()).isEqualTo("lost");
                    assertThat(e.getCause()).isSameAs(other);
                });
    }

    @Test
    void run_giveUpOutcome_endsTheRunBeforeTheLastAttempt() {
        List<Integer> attempts = new ArrayList<>();

        assertThatThrownBy(() -> retry(10).run(r -> {
                    attempts.add(r.attempt());
                    return r.attempt() == 2 ? Retry.giveUp(null) : Retry.again(null);
                }))
                .isInstanceOfSatisfying(
                        AfsException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CONCURRENT_UPDATE));
        assertThat(attempts).containsExactly(1, 2);
    }

    @Test
    void run_anAttemptsException_endsTheRunUnchanged() {
        IllegalStateException boom = new IllegalStateException("boom");

        assertThatThrownBy(() -> retry(5).run(r -> {
                    throw boom;
                }))
                .isSameAs(boom);
    }

    @Test
    void run_interruptedDuringAPause_failsUnavailableAndKeepsTheInterrupt() {
        Retry retry = new Retry("a test update", 5, BACKOFF)
                .with(
                        d -> {
                            throw new InterruptedException();
                        },
                        LONGEST);

        assertThatThrownBy(() -> retry.run(r -> Retry.again(null))).isInstanceOfSatisfying(AfsException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
            assertThat(e.getMessage()).isEqualTo("interrupted while retrying a test update");
        });
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
    }

    @Test
    void run_resumingSleeperInterrupted_retriesAtOnceAndKeepsTheInterrupt() {
        Thread.currentThread().interrupt();
        Retry retry = new Retry("a test update", 5, new Backoff(Duration.ofSeconds(10), Duration.ofSeconds(10)))
                .withSleeper(Retry.Sleeper.RESUMING);
        long start = System.nanoTime();

        String v = retry.run(r -> r.attempt() < 4 ? Retry.again(null) : Retry.done("finished"));

        assertThat(v).isEqualTo("finished");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
    }

    @Test
    void backoff_boundDoublesFromTheBaseUpToTheCap() {
        assertThat(List.of(1, 2, 3, 4, 5, 6, 100, Integer.MAX_VALUE).stream()
                        .map(n -> BACKOFF.bound(n).toNanos())
                        .toList())
                .containsExactly(1_000L, 2_000L, 4_000L, 8_000L, 16_000L, 16_000L, 16_000L, 16_000L);
        assertThat(Backoff.NONE.bound(7)).isZero();
        assertThat(new Backoff(Duration.ofDays(365 * 100), Duration.ofDays(365 * 200)).bound(70))
                .isEqualTo(Duration.ofDays(365 * 200));
    }

    @Test
    void backoff_delayStaysWithinZeroAndTheBound() {
        Random seeded = new Random(42);
        for (int n = 1; n <= 40; n++) {
            for (int i = 0; i < 50; i++) {
                assertThat(BACKOFF.delay(n, seeded)).isBetween(Duration.ZERO, BACKOFF.bound(n));
            }
        }
        assertThat(Backoff.NONE.delay(3, seeded)).isZero();
    }

    @Test
    void retry_withoutAttempts_isRefused() {
        assertThatThrownBy(() -> new Retry("x", 0, Backoff.NONE)).isInstanceOf(IllegalArgumentException.class);
    }
}
