package io.aetherfs.server.http;

import io.aetherfs.core.engine.Engine;
import io.aetherfs.core.engine.RecordEvent;
import io.aetherfs.core.engine.RecordLayout;
import io.aetherfs.core.engine.RecordType;
import io.aetherfs.core.engine.Records;
import io.aetherfs.core.engine.TenantRecords;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.Reason;
import io.aetherfs.core.model.Hash;
import io.aetherfs.service.auth.Caller;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Replays the responses of non-streaming POSTs sent with an {@code Idempotency-Key} (spec §5.3). A
 * record is kept per (tenant, principal, route, key) in the caller's tenant of the metadata store, at
 * {@code ik/{sha256(principal NUL method path NUL key)}} (the transport's own record kind {@link #RECORDS},
 * written in store transactions outside the committer: a record is no change of a session); "route" is the
 * concrete method and path, so one key used on two sessions names two requests. The value is JSON:
 *
 * <pre>
 * {"state": "pending" | "done", "bodySha256": hex of SHA-256(query string LF body),
 *  "status": 200, "headers": {"content-type": "application/json"}, "body": base64 of the response body,
 *  "createdAt": RFC 3339, "expiresAt": RFC 3339}
 * </pre>
 *
 * A "pending" record marks a request in flight (a duplicate then gets 409 ABORTED) and lapses after
 * {@link #PENDING_TTL} should its server die. Only successful responses are stored, for {@link #TTL}; a
 * failed request changed nothing, so its record is removed and the key may be retried. A repeat with a
 * different body is INVALID_ARGUMENT. Expired records are ignored here and swept by garbage collection.
 */
final class Idempotency {
    static final Duration TTL = Duration.ofHours(24);
    static final Duration PENDING_TTL = Duration.ofMinutes(10);

    private final Engine engine;
    private final Clock clock;

    Idempotency(Engine engine) {
        this.engine = engine;
        this.clock = engine.clock();
    }

    /** The stored value. */
    record Stored(
            String state,
            String bodySha256,
            Integer status,
            Map<String, String> headers,
            String body,
            String createdAt,
            String expiresAt) {}

    /** Idempotency records of a tenant, by the hash of (principal, route, key); they record no events. */
    static final RecordType<Hash, Stored> RECORDS = RecordType.<Hash, Stored>builder(
                    "idempotency record", RecordLayout.IDEMPOTENCY)
            .idPart(Hash::hex)
            .json(Stored.class)
            .events(RecordEvent.Rule.none())
            .build();

    /** Returns the stored reply of a repeat, or runs {@code action} once and stores its reply. */
    Reply run(Caller caller, String route, String key, byte[] request, Supplier<Reply> action) {
        checkKey(key);
        Hash rk = Hash.of((caller.principal() + "\0" + route + "\0" + key).getBytes(StandardCharsets.UTF_8));
        TenantRecords records = engine.records(caller.tenant());
        String digest = Hash.of(request).hex();
        Instant now = clock.instant();
        Stored pending = new Stored(
                "pending",
                digest,
                null,
                null,
                null,
                now.toString(),
                now.plus(PENDING_TTL).toString());
        Optional<Stored> prior = records.write(tx -> {
            Records<Hash, Stored> stored = tx.records(RECORDS, null);
            Optional<Stored> p =
                    stored.get(rk).filter(s -> Instant.parse(s.expiresAt()).isAfter(now));
            if (p.isEmpty()) {
                stored.put(rk, pending);
            }
            return p;
        });
        if (prior.isPresent()) {
            return replay(prior.get(), digest);
        }
        try {
            Reply r = action.get();
            if (r.succeeded()) {
                Instant at = clock.instant();
                Stored done = new Stored(
                        "done",
                        digest,
                        r.status(),
                        Map.of("content-type", r.contentType()),
                        Base64.getEncoder().encodeToString(r.body()),
                        at.toString(),
                        at.plus(TTL).toString());
                records.write(tx -> {
                    tx.records(RECORDS, null).put(rk, done);
                    return null;
                });
            } else {
                release(records, rk, pending);
            }
            return r;
        } catch (RuntimeException | Error e) {
            release(records, rk, pending);
            throw e;
        }
    }

    private static Reply replay(Stored s, String digest) {
        if (!s.bodySha256().equals(digest)) {
            throw AfsException.invalid("Idempotency-Key was already used with a different request body");
        }
        if (!"done".equals(s.state())) {
            throw AfsException.of(
                    Reason.REQUEST_IN_PROGRESS,
                    "a request with this Idempotency-Key is still in progress; retry later");
        }
        return new Reply(
                s.status(),
                s.headers().getOrDefault("content-type", Reply.JSON),
                Base64.getDecoder().decode(s.body()));
    }

    /** Removes the pending record, unless another request has replaced it since (it lapsed meanwhile). */
    private static void release(TenantRecords records, Hash rk, Stored pending) {
        records.write(tx -> {
            Records<Hash, Stored> stored = tx.records(RECORDS, null);
            if (stored.get(rk).filter(pending::equals).isPresent()) {
                stored.delete(rk);
            }
            return null;
        });
    }

    private static void checkKey(String key) {
        if (key.isEmpty() || key.length() > 128 || !key.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            throw AfsException.invalid("Idempotency-Key must be 1 to 128 printable ASCII characters");
        }
    }
}
