package io.aetherfs.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.Reason;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.auth.Scope;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The token bucket of {@code limits.rate_limit_rps_per_principal}, on a clock the test moves. */
class RateLimiterTest {
    private static final TenantId T1 = TenantId.parse("aaaaaaaa-0000-4000-8000-000000000001");
    private static final TenantId T2 = TenantId.parse("aaaaaaaa-0000-4000-8000-000000000002");

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final RateLimiter limiter = new RateLimiter(2, now::get);

    private static Caller caller(TenantId t, String p) {
        return new Caller(t, p, Scope.all(), null, null);
    }

    @Test
    void admit_allowsOneSecondOfBurst_thenRefusesWithWholeSecondsToWait() {
        limiter.admit(caller(T1, "a"));
        limiter.admit(caller(T1, "a"));

        assertThatThrownBy(() -> limiter.admit(caller(T1, "a"))).isInstanceOfSatisfying(AfsException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.RATE_LIMITED);
            assertThat(e.metadata()).containsEntry("limit", "2").containsEntry("retryAfterSeconds", "1");
        });
        now.addAndGet(500_000_000L); // half a second refills one token at 2/s
        limiter.admit(caller(T1, "a"));
    }

    @Test
    void buckets_arePerTenantAndPrincipal() {
        limiter.admit(caller(T1, "a"));
        limiter.admit(caller(T1, "a"));

        limiter.admit(caller(T1, "b"));
        limiter.admit(caller(T2, "a"));
    }

    @Test
    void slowRates_roundTheWaitUp() {
        RateLimiter slow = new RateLimiter(0.1, now::get);
        slow.admit(caller(T1, "a"));

        assertThatThrownBy(() -> slow.admit(caller(T1, "a")))
                .isInstanceOfSatisfying(
                        AfsException.class, e -> assertThat(e.metadata()).containsEntry("retryAfterSeconds", "10"));
    }

    @Test
    void limiting_withZero_isTheResolverItself() {
        CallerResolver r = (a, n, v) -> caller(T1, "a");
        assertThat(RateLimiter.limiting(r, 0)).isSameAs(r);
    }
}
