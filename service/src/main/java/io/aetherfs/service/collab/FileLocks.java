package io.aetherfs.service.collab;

import io.aetherfs.core.engine.ChangeContext;
import io.aetherfs.core.engine.Engine;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.ErrorCode;
import io.aetherfs.core.error.Reason;
import io.aetherfs.core.model.EventType;
import io.aetherfs.core.model.FsPath;
import io.aetherfs.core.model.LockId;
import io.aetherfs.core.model.Session;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.service.Limits;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.auth.Scope;
import io.aetherfs.service.page.Page;
import io.aetherfs.service.page.PageRequest;
import io.aetherfs.service.page.PageTokens;
import io.aetherfs.service.session.SessionAccess;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Collaboration locks (spec §8.9, §9.3 CollaborationService): lease a path with an unguessable token,
 * renew and release it with the token, list locks without tokens, and force-release as an admin. Each
 * operation is one change that also records its event; writes to locked paths are refused by
 * {@link LockGuard}.
 */
public final class FileLocks {
    static final long DEFAULT_TTL_SECONDS = 60;
    static final long MAX_TTL_SECONDS = 3600;
    private static final int MAX_TEXT = 4096;

    private final Engine engine;
    private final SessionAccess access;
    private final PageTokens tokens;

    public FileLocks(Engine engine, Limits limits) {
        this.engine = engine;
        this.access = new SessionAccess(engine);
        this.tokens = new PageTokens(limits);
    }

    /** A lock just taken and its token, which only its taker ever sees. */
    public record Acquired(FileLock lock, LockToken token) {}

    /** Locks {@code path} (and everything below it) for {@code ttlSeconds} (0: 60; at most 3600). */
    public Acquired lock(Caller caller, SessionId id, FsPath path, long ttlSeconds, String reason) {
        caller.require(Scope.FILESYSTEM_METADATA);
        long ttl = ttl(ttlSeconds);
        text("reason", reason);
        LockToken token = LockToken.generate();
        FileLock lock = change(caller, id, ctx -> {
            List<FileLock> live = LockTable.live(ctx, id);
            Optional<FileLock> held =
                    live.stream().filter(l -> l.overlaps(path)).findFirst();
            if (held.isPresent()) {
                throw LockGuard.pathLocked(held.get());
            }
            if (live.size() >= LockTable.MAX_LOCKS) {
                throw AfsException.of(
                        Reason.QUOTA_EXCEEDED,
                        "session " + id + " already holds " + LockTable.MAX_LOCKS + " locks",
                        "limit",
                        Integer.toString(LockTable.MAX_LOCKS));
            }
            Instant now = ctx.now();
            FileLock l = new FileLock(
                    LockId.generate(ctx.ids()),
                    path,
                    token.digest(),
                    caller.principal(),
                    reason == null || reason.isEmpty() ? null : reason,
                    now,
                    expiry(now, ttl));
            LockTable.acquire(ctx, id, l);
            return l;
        });
        return new Acquired(lock, token);
    }

    /** Releases the lock on {@code path}; the caller must present its token. */
    public void unlock(Caller caller, SessionId id, FsPath path, LockToken token) {
        caller.require(Scope.FILESYSTEM_METADATA);
        required(token);
        change(caller, id, ctx -> {
            LockTable.end(ctx, id, held(ctx, id, path, token), EventType.LOCK_RELEASED, Map.of());
            return null;
        });
    }

    /** Extends the lock on {@code path} to {@code ttlSeconds} from now; the caller must present its token. */
    public FileLock renew(Caller caller, SessionId id, FsPath path, LockToken token, long ttlSeconds) {
        caller.require(Scope.FILESYSTEM_METADATA);
        required(token);
        long ttl = ttl(ttlSeconds);
        return change(caller, id, ctx -> LockTable.renew(ctx, id, held(ctx, id, path, token), expiry(ctx.now(), ttl)));
    }

    /** Lists the live locks under {@code prefix} (whole components) in path order, without tokens. */
    public Page<FileLock> list(Caller caller, SessionId id, FsPath prefix, PageRequest page) {
        caller.require(Scope.FILESYSTEM_METADATA);
        Session session = access.load(caller, id).session();
        int size = tokens.size(page);
        String route = "ListLocks:" + id;
        String after = tokens.decode(page, route, prefix.value());
        Instant now = engine.clock().instant();
        List<FileLock> all = session.mayHaveLiveLocks(now)
                ? LockTable.all(engine.records(caller.tenant()).of(LockRecords.LOCKS, id))
                : List.of();
        List<FileLock> matching = all.stream()
                .filter(l -> l.liveAt(now) && l.path().startsWith(prefix))
                .filter(l -> after == null || l.path().compareTo(FsPath.parse(after)) > 0)
                .sorted(Comparator.comparing(FileLock::path))
                .toList();
        List<FileLock> items = matching.subList(0, Math.min(size, matching.size()));
        String next = matching.size() > size
                ? tokens.encode(route, prefix.value(), items.getLast().path().value())
                : "";
        return new Page<>(items, next);
    }

    /** Releases the lock on {@code path} without its token (tenant.admin), recording the comment. */
    public void forceUnlock(Caller caller, SessionId id, FsPath path, String comment) {
        caller.require(Scope.ADMIN);
        if (comment != null && comment.length() > 16384) {
            throw AfsException.invalid("comment is longer than 16384 characters");
        }
        change(caller, id, ctx -> {
            FileLock lock = LockTable.live(ctx, id).stream()
                    .filter(l -> l.path().equals(path))
                    .findFirst()
                    .orElseThrow(() -> noLock(id, path));
            LockTable.end(
                    ctx,
                    id,
                    lock,
                    EventType.LOCK_FORCE_RELEASED,
                    comment == null || comment.isEmpty() ? Map.of() : Map.of("comment", comment));
            return null;
        });
    }

    /** Returns the live lock on exactly {@code path} if {@code token} is its token; else the reason it is not. */
    private static FileLock held(ChangeContext ctx, SessionId id, FsPath path, LockToken token) {
        List<FileLock> atPath = LockTable.all(ctx, id).stream()
                .filter(l -> l.path().equals(path))
                .toList();
        Instant now = ctx.now();
        Optional<FileLock> mine = atPath.stream().filter(l -> l.heldWith(token)).findFirst();
        if (mine.isPresent() && mine.get().liveAt(now)) {
            return mine.get();
        }
        if (mine.isPresent()) {
            throw AfsException.notFound("the lock on \"" + path + "\" ("
                    + mine.get().id() + ") expired at " + mine.get().expiresAt() + "; lock the path again");
        }
        if (atPath.stream().anyMatch(l -> l.liveAt(now))) {
            throw AfsException.of(
                    Reason.LOCK_TOKEN_MISMATCH,
                    "the token is not the token of the lock on \"" + path + "\"",
                    "path",
                    path.value());
        }
        throw noLock(id, path);
    }

    private <T> T change(Caller caller, SessionId id, Function<ChangeContext, T> body) {
        return engine.execute(caller.tenant(), caller.actor(), ctx -> {
            SessionAccess.inChange(ctx, caller, id, SessionAccess.METADATA_WRITABLE);
            return body.apply(ctx);
        });
    }

    private static AfsException noLock(SessionId id, FsPath path) {
        return AfsException.notFound("no lock on \"" + path + "\" in session " + id);
    }

    private static long ttl(long ttlSeconds) {
        if (ttlSeconds == 0) {
            return DEFAULT_TTL_SECONDS;
        }
        if (ttlSeconds < 1 || ttlSeconds > MAX_TTL_SECONDS) {
            throw AfsException.invalid("ttlSeconds must be between 1 and 3600 (0 means 60), got " + ttlSeconds);
        }
        return ttlSeconds;
    }

    /** Returns the expiry of a lease taken at {@code now}, to the millisecond the expiry index keeps. */
    private static Instant expiry(Instant now, long ttlSeconds) {
        return now.plusSeconds(ttlSeconds).truncatedTo(ChronoUnit.MILLIS);
    }

    private static void required(LockToken token) {
        if (token == null) {
            throw AfsException.invalid("token is required: the token LockFile returned");
        }
    }

    private static void text(String name, String value) {
        if (value != null && value.length() > MAX_TEXT) {
            throw new AfsException(ErrorCode.INVALID_ARGUMENT, name + " is longer than " + MAX_TEXT + " characters");
        }
    }
}
