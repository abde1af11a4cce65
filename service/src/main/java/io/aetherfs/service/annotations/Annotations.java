package io.aetherfs.service.annotations;

import io.aetherfs.core.engine.ChangeContext;
import io.aetherfs.core.engine.Engine;
import io.aetherfs.core.engine.RecordPage;
import io.aetherfs.core.engine.RecordQuery;
import io.aetherfs.core.engine.Records;
import io.aetherfs.core.engine.SessionState;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.Reason;
import io.aetherfs.core.model.AnnotationId;
import io.aetherfs.core.model.FsPath;
import io.aetherfs.core.model.Hash;
import io.aetherfs.core.model.Session;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.tree.Canonical;
import io.aetherfs.core.tree.DirEntry;
import io.aetherfs.core.tree.Entry;
import io.aetherfs.core.tree.FileEntry;
import io.aetherfs.core.tree.SymlinkEntry;
import io.aetherfs.service.Limits;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.auth.Scope;
import io.aetherfs.service.page.Page;
import io.aetherfs.service.page.PageRequest;
import io.aetherfs.service.page.PageTokens;
import io.aetherfs.service.session.SessionAccess;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Annotation use cases (spec §6.7, §9.3): add a comment on a line of an existing path (optionally only
 * if the path still has the hash the reviewer saw), list with filters, get, and open or resolve. Writes
 * need {@code capabilities.annotations} and a session whose metadata may be written (pending approval
 * included: reviewers annotate what waits for them); each is one change that records its event.
 */
public final class Annotations {
    static final int MAX_COMMENT = 16384;
    static final int MAX_LABELS = 32;
    static final int MAX_LABEL = 63;

    private final Engine engine;
    private final SessionAccess access;
    private final PageTokens tokens;

    public Annotations(Engine engine, Limits limits) {
        this.engine = engine;
        this.access = new SessionAccess(engine);
        this.tokens = new PageTokens(limits);
    }

    /** Adds an annotation; the path must exist (PATH_NOT_FOUND) and, when given, have {@code expectedContentHash}. */
    public Annotation add(
            Caller caller,
            SessionId id,
            FsPath path,
            int line,
            String comment,
            List<String> labels,
            String expectedContentHash) {
        caller.require(Scope.SESSION_WRITE);
        check(line, comment, labels, expectedContentHash);
        // hash the path outside the committer first, so the change finds the hash memoized
        SessionState state = access.load(caller, id, SessionAccess.METADATA_WRITABLE);
        engine.fileTree(caller.tenant())
                .lookup(state.tree(), path)
                .ifPresent(e -> hash(engine.canonical(caller.tenant()), e));
        AnnotationId aid = AnnotationId.generate(engine.ids());
        return engine.execute(caller.tenant(), caller.actor(), ctx -> {
            Session s = writable(ctx, caller, id);
            Entry e = ctx.fileTree().require(ctx.tree(s.id()), path);
            String current = hash(ctx.canonical(), e);
            if (expectedContentHash != null && !expectedContentHash.isEmpty() && !expectedContentHash.equals(current)) {
                throw AfsException.of(
                        Reason.STALE_EXPECTED_HASH,
                        "\"" + path + "\" changed: expected hash " + expectedContentHash + ", current hash " + current,
                        "path",
                        path.value(),
                        "currentHash",
                        current);
            }
            Annotation a = new Annotation(
                    aid,
                    id,
                    path,
                    line,
                    comment,
                    labels,
                    AnnotationStatus.OPEN,
                    current,
                    caller.principal(),
                    ctx.now(),
                    ctx.now(),
                    null,
                    null,
                    null);
            ctx.records(AnnotationRecords.ANNOTATIONS, id).put(a);
            return a;
        });
    }

    /** Opens or resolves an annotation; a change of status records ANNOTATION_STATUS_CHANGED with {@code comment}. */
    public Annotation updateStatus(
            Caller caller, SessionId id, AnnotationId aid, AnnotationStatus status, String comment) {
        caller.require(Scope.SESSION_WRITE);
        if (status == null) {
            throw AfsException.invalid("status is required: ANNOTATION_STATUS_OPEN or ANNOTATION_STATUS_RESOLVED");
        }
        if (comment != null && comment.length() > MAX_COMMENT) {
            throw AfsException.invalid("comment must be at most " + MAX_COMMENT + " characters");
        }
        return engine.execute(caller.tenant(), caller.actor(), ctx -> {
            writable(ctx, caller, id);
            Records<AnnotationId, Annotation> records = ctx.records(AnnotationRecords.ANNOTATIONS, id);
            Annotation a = records.require(aid);
            if (a.status() == status) {
                return a; // already there: nothing changes, so nothing is recorded
            }
            Annotation next = a.withStatus(status, caller.principal(), ctx.now(), comment);
            records.put(next);
            return next;
        });
    }

    /** Lists annotations in the order they were added, filtered by exact path, status and label (all optional). */
    public Page<Annotation> list(
            Caller caller, SessionId id, FsPath path, AnnotationStatus status, String label, PageRequest page) {
        caller.require(Scope.SESSION_READ);
        access.load(caller, id);
        int size = tokens.size(page);
        String filter = "path=" + (path == null ? "" : path.value()) + "\0status=" + (status == null ? "" : status)
                + "\0label=" + (label == null ? "" : label);
        String route = "GetAnnotations:" + id;
        String position = tokens.decode(page, route, filter);
        AnnotationId after = position == null ? null : parseId(position);
        Records<AnnotationId, Annotation> records =
                engine.records(caller.tenant()).of(AnnotationRecords.ANNOTATIONS, id);
        List<Annotation> out = new ArrayList<>();
        while (true) {
            RecordPage<Annotation> batch =
                    records.list(RecordQuery.<AnnotationId>first(256).after(after));
            for (Annotation a : batch.items()) {
                if ((path == null || a.path().equals(path))
                        && (status == null || a.status() == status)
                        && (label == null || a.labels().contains(label))) {
                    if (out.size() == size) {
                        return new Page<>(
                                out,
                                tokens.encode(route, filter, out.getLast().id().value()));
                    }
                    out.add(a);
                }
                after = a.id();
            }
            if (!batch.more()) {
                return new Page<>(out, "");
            }
        }
    }

    /** Returns one annotation of a session the caller may see. */
    public Annotation get(Caller caller, SessionId id, AnnotationId aid) {
        caller.require(Scope.SESSION_READ);
        access.load(caller, id);
        return engine.records(caller.tenant())
                .of(AnnotationRecords.ANNOTATIONS, id)
                .require(aid);
    }

    /** Returns the annotation id {@code raw} names; NOT_FOUND when it is malformed (it names no annotation). */
    public static AnnotationId parseId(String raw) {
        if (!AnnotationId.isValid(raw)) {
            throw AfsException.notFound("annotation " + raw + " not found");
        }
        return new AnnotationId(raw);
    }

    /** Returns the session if the caller may annotate it: visible, metadata writable, annotations enabled. */
    private static Session writable(ChangeContext ctx, Caller caller, SessionId id) {
        Session s = SessionAccess.inChange(ctx, caller, id, SessionAccess.METADATA_WRITABLE);
        if (!s.settings().capabilities().annotations()) {
            throw AfsException.of(
                    Reason.CAPABILITY_DISABLED,
                    "annotations are disabled for session " + id + " (capabilities.annotations is off)",
                    "capability",
                    "annotations");
        }
        return s;
    }

    /** Returns the hash a path reports: file content hash, directory tree hash, SHA-256 of a symlink target. */
    static String hash(Canonical canonical, Entry e) {
        return switch (e) {
            case FileEntry f -> canonical.contentHash(f.content()).hex();
            case DirEntry d -> canonical.of(d).hex();
            case SymlinkEntry l ->
                Hash.of(l.target().getBytes(StandardCharsets.UTF_8)).hex();
            default -> canonical.of(e).hex();
        };
    }

    private static void check(int line, String comment, List<String> labels, String expectedContentHash) {
        if (line < 0) {
            throw AfsException.invalid("line must be 0 (the whole file) or a line number from 1, got " + line);
        }
        if (comment == null || comment.isEmpty() || comment.length() > MAX_COMMENT) {
            throw AfsException.invalid("comment must be 1 to " + MAX_COMMENT + " characters");
        }
        if (labels != null) {
            if (labels.size() > MAX_LABELS) {
                throw AfsException.invalid("at most " + MAX_LABELS + " labels, got " + labels.size());
            }
            for (String l : labels) {
                if (l == null || l.isEmpty() || l.length() > MAX_LABEL) {
                    throw AfsException.invalid("every label must be 1 to " + MAX_LABEL + " characters");
                }
            }
        }
        if (expectedContentHash != null && !expectedContentHash.isEmpty() && !Hash.isHex(expectedContentHash)) {
            throw AfsException.invalid("expectedContentHash must be 64 lowercase hex characters");
        }
    }
}
