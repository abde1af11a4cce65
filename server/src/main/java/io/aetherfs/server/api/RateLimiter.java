package io.aetherfs.server.api;

import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.Reason;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.service.auth.Caller;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * {@code limits.rate_limit_rps_per_principal} (spec §12): a token bucket per (tenant, principal), shared by
 * both transports because it wraps the one {@link CallerResolver} their {@link AuthDecorator}s use. A bucket
 * holds up to one second of requests (at least one) and refills continuously; a request that finds it empty
 * is RESOURCE_EXHAUSTED {@code RATE_LIMITED} with metadata {@code limit} and {@code retryAfterSeconds} (whole
 * seconds until a token is back, rounded up), which {@link ErrorStatus} adds as a RetryInfo and HTTP as
 * {@code Retry-After}. Operator endpoints are not behind the decorator, so they are never limited. The limit
 * is per node: N nodes admit up to N times the rate.
 */
public final class RateLimiter {
    /** Buckets kept before full (idle) ones are dropped; a dropped bucket comes back full, as it would be. */
    private static final int MAX_BUCKETS = 100_000;

    private final double rate;
    private final double capacity;
    private final LongSupplier nanoTime;
    private final Map<Key, Bucket> buckets = new ConcurrentHashMap<>();

    /** Returns a limiter of {@code rps} requests per second per principal, timed by {@code nanoTime}. */
    public RateLimiter(double rps, LongSupplier nanoTime) {
        if (!(rps > 0)) {
            throw new IllegalArgumentException("a rate limit must be positive");
        }
        this.rate = rps;
        this.capacity = Math.max(1.0, rps);
        this.nanoTime = nanoTime;
    }

    /** Returns {@code resolver} itself when {@code rps} is 0 (off), else a resolver that also limits each caller. */
    public static CallerResolver limiting(CallerResolver resolver, double rps) {
        if (rps <= 0) {
            return resolver;
        }
        RateLimiter limiter = new RateLimiter(rps, System::nanoTime);
        return new CallerResolver() {
            @Override
            public Caller resolve(String authorization, String clientName, String clientVersion) {
                return limiter.admit(resolver.resolve(authorization, clientName, clientVersion));
            }

            @Override
            public CompletableFuture<Caller> resolveAsync(
                    String authorization, String clientName, String clientVersion) {
                return resolver.resolveAsync(authorization, clientName, clientVersion)
                        .thenApply(limiter::admit);
            }
        };
    }

    /** Takes a token of the caller's bucket and returns the caller, or throws RATE_LIMITED. */
    public Caller admit(Caller caller) {
        long waitNanos = take(new Key(caller.tenant(), caller.principal()));
        if (waitNanos <= 0) {
            return caller;
        }
        long seconds = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
        String limit = limitText();
        throw AfsException.of(
                Reason.RATE_LIMITED,
                "principal " + caller.principal() + " exceeded the rate limit of " + limit
                        + " requests per second; retry in " + seconds + "s",
                "limit",
                limit,
                "retryAfterSeconds",
                Long.toString(seconds));
    }

    /** Takes a token; returns 0 when one was there, else the nanoseconds until one will be. */
    long take(Key key) {
        if (buckets.size() > MAX_BUCKETS) {
            long now = nanoTime.getAsLong();
            buckets.values().removeIf(b -> b.fullAt(now, rate, capacity));
        }
        Bucket b = buckets.computeIfAbsent(key, k -> new Bucket(capacity, nanoTime.getAsLong()));
        synchronized (b) {
            long now = nanoTime.getAsLong();
            b.refill(now, rate, capacity);
            if (b.tokens >= 1.0) {
                b.tokens -= 1.0;
                return 0;
            }
            return (long) Math.ceil((1.0 - b.tokens) / rate * 1e9);
        }
    }

    private String limitText() {
        return rate == Math.rint(rate) ? Long.toString((long) rate) : String.format(Locale.ROOT, "%s", rate);
    }

    record Key(TenantId tenant, String principal) {}

    private static final class Bucket {
        private double tokens;
        private long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }

        void refill(long now, double rate, double capacity) {
            if (now > at) {
                tokens = Math.min(capacity, tokens + (now - at) / 1e9 * rate);
                at = now;
            }
        }

        synchronized boolean fullAt(long now, double rate, double capacity) {
            return tokens + (now - at) / 1e9 * rate >= capacity;
        }
    }
}
