package io.aetherfs.server.auth;

import com.nimbusds.jose.JWSAlgorithm;
import java.io.IOException;
import java.net.UnknownHostException;
import java.nio.file.NoSuchFileException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An identity provider's signing keys, read from its JWKS at startup and kept fresh: read again every
 * refresh interval, and at once for a token whose kid is unknown (at most once per minimum refetch
 * interval, so forged kids cannot flood the provider). A failed read keeps the last good key set.
 * Reads run on one background thread; lookups never block.
 */
final class JwksKeys implements KeySource, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JwksKeys.class);

    /** The keys of one successful read. */
    private record KeySet(Map<String, List<JwkVerifiers.Entry>> byKid, Instant fetchedAt) {}

    private final JwksSource source;
    private final String location;
    private final Duration minRefetch;
    private final Clock clock;
    private final ScheduledExecutorService fetcher;
    private volatile KeySet keys;
    /** When the last read started; guarded by this. */
    private Instant lastFetch;
    /** The last read for an unknown kid, done or in flight; guarded by this. */
    private CompletableFuture<Void> refetch = CompletableFuture.completedFuture(null);

    private JwksKeys(JwksSource source, String location, Duration minRefetch, Clock clock, KeySet initial) {
        this.source = source;
        this.location = location;
        this.minRefetch = minRefetch;
        this.clock = clock;
        this.keys = initial;
        this.lastFetch = initial.fetchedAt();
        this.fetcher = Executors.newSingleThreadScheduledExecutor(
                Thread.ofVirtual().name("afs-jwks-fetch").factory());
    }

    /**
     * Reads the key set once and returns the keys, refreshed every {@code refresh} from then on.
     *
     * @param location the JWKS location, for messages
     * @throws IllegalStateException when the first read fails or gives no usable key, saying why
     */
    static JwksKeys start(JwksSource source, String location, Duration refresh, Duration minRefetch, Clock clock) {
        Instant now = clock.instant();
        KeySet initial;
        try {
            initial = new KeySet(JwkVerifiers.index(source.load()), now);
        } catch (IOException | ParseException | IllegalArgumentException e) {
            throw new IllegalStateException(
                    "cannot load the identity provider's key set from " + location + ": " + reason(e)
                            + "; afs-server does not start without it (auth.jwks_url, auth.jwks_file)",
                    e);
        }
        JwksKeys jwks = new JwksKeys(source, location, minRefetch, clock, initial);
        jwks.fetcher.scheduleWithFixedDelay(
                jwks::refresh, refresh.toMillis(), refresh.toMillis(), TimeUnit.MILLISECONDS);
        return jwks;
    }

    @Override
    public KeyLookup find(String kid, JWSAlgorithm alg, boolean mayRefetch) {
        List<JwkVerifiers.Entry> entries = keys.byKid().get(kid);
        if (entries != null) {
            return JwkVerifiers.find(kid, entries, alg);
        }
        if (mayRefetch) {
            Optional<CompletableFuture<Void>> fetch = refetch();
            if (fetch.isPresent()) {
                return new KeyLookup.Refetching(fetch.get());
            }
        }
        return new KeyLookup.Refused("unknown kid " + JwtClaims.shown(kid) + ": the identity provider's key set ("
                + location + ", read at " + keys.fetchedAt() + ") has no key with that id; it is read again"
                + " for an unknown kid at most every " + minRefetch.toSeconds() + " s");
    }

    /** Returns the kids of the current key set. */
    List<String> kids() {
        return List.copyOf(keys.byKid().keySet());
    }

    /**
     * Starts reading the key set again for an unknown kid, or joins the read in flight; empty when the
     * last read started less than the minimum refetch interval ago.
     */
    synchronized Optional<CompletableFuture<Void>> refetch() {
        if (!refetch.isDone()) {
            return Optional.of(refetch);
        }
        Instant now = clock.instant();
        if (now.isBefore(lastFetch.plus(minRefetch))) {
            return Optional.empty();
        }
        lastFetch = now;
        try {
            refetch = CompletableFuture.runAsync(() -> fetch("for an unknown kid"), fetcher);
        } catch (RejectedExecutionException e) {
            return Optional.empty(); // closing
        }
        return Optional.of(refetch);
    }

    /** Reads the key set now (the periodic refresh); a failure keeps the keys there are. */
    void refresh() {
        synchronized (this) {
            lastFetch = clock.instant();
        }
        fetch("on schedule");
    }

    private void fetch(String why) {
        KeySet before = keys;
        try {
            KeySet now = new KeySet(JwkVerifiers.index(source.load()), clock.instant());
            keys = now;
            if (!now.byKid().keySet().equals(before.byKid().keySet())) {
                LOG.info(
                        "read the identity provider's key set from {} {}: kids {} (were {})",
                        location,
                        why,
                        now.byKid().keySet(),
                        before.byKid().keySet());
            }
        } catch (IOException | ParseException | RuntimeException e) {
            LOG.warn(
                    "cannot read the identity provider's key set from {} {}: {}; keeping the keys {} read at {}",
                    location,
                    why,
                    reason(e),
                    before.byKid().keySet(),
                    before.fetchedAt());
        }
    }

    @Override
    public void close() {
        fetcher.shutdownNow();
    }

    /** Returns why a read failed, in words (no exception class names). */
    static String reason(Exception e) {
        return switch (e) {
            case UnknownHostException u -> "unknown host " + u.getMessage();
            case NoSuchFileException n -> "no such file " + n.getMessage();
            case ParseException p -> "it is not a JWKS (" + p.getMessage() + ")";
            case IllegalArgumentException i -> i.getMessage();
            default -> e.getMessage() == null ? "read failed" : e.getMessage();
        };
    }
}
