package io.aetherfs.server.e2e.history;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The sequential specification of the tree mutations the workload sends (spec §8.9, §8.16, in the
 * order the server checks them): applied to a model tree, an operation either succeeds with a new
 * tree and the events it must record, or fails with the ErrorInfo reason (or status code name) it
 * must be refused with.
 */
final class ModelOps {
    /** The content hash the model cannot compute (a patch of a file whose bytes it does not know). */
    static final String UNKNOWN = "?";

    /** What applying an operation to a tree gives. */
    sealed interface Result {}

    /** Success: the new tree and the events expected, in order. */
    record Ok(Tree tree, List<Expected> events, ModelDiff.Stats stats) implements Result {}

    /** Refusal with this reason. */
    record Fail(String reason) implements Result {}

    /** One expected event: its type and path, and for FILE_WRITTEN the content hash (UNKNOWN when unknown). */
    record Expected(String type, String path, String hash, String from, String to) {
        static Expected of(String type, String path) {
            return new Expected(type, path, null, null, null);
        }
    }

    private ModelOps() {}

    /** Applies a tree mutation (write, patch, delete, rename, mkdir, rmdir, batch, sync) to an ACTIVE session's tree. */
    static Result apply(Tree t, Op op) {
        List<Expected> events = new ArrayList<>();
        try {
            Tree after = step(t, op, events);
            ModelDiff.Stats stats = op instanceof Op.Sync ? ModelDiff.Stats.of(ModelDiff.between(t, after)) : null;
            return new Ok(after, events, stats);
        } catch (Refused r) {
            return new Fail(r.reason);
        }
    }

    private static Tree step(Tree t, Op op, List<Expected> events) {
        return switch (op) {
            case Op.Write w -> write(t, w, events);
            case Op.Patch p -> patch(t, p, events);
            case Op.Delete d -> delete(t, d, events);
            case Op.Rename r -> rename(t, r, events);
            case Op.Mkdir m -> mkdir(t, m, events);
            case Op.Rmdir r -> rmdir(t, r, events);
            case Op.Batch b -> {
                Tree cur = t;
                for (Op s : b.steps()) {
                    cur = step(cur, s, events);
                }
                yield cur;
            }
            case Op.Sync s -> sync(t, s, events);
            default -> throw new IllegalArgumentException("not a tree mutation: " + op);
        };
    }

    private static Tree write(Tree t, Op.Write w, List<Expected> events) {
        Tree.Node cur = t.get(w.path());
        if (w.createOnly() && cur != null) {
            throw new Refused("PATH_EXISTS");
        }
        expectHash(t, w.path(), w.expectedHash());
        if (cur instanceof Tree.Dir) {
            throw new Refused("IS_A_DIRECTORY");
        }
        parents(t, w.path(), true);
        events.add(new Expected("FILE_WRITTEN", w.path(), w.hash(), null, null));
        return t.with(w.path(), Tree.File.of(w.content()));
    }

    private static Tree patch(Tree t, Op.Patch p, List<Expected> events) {
        Tree.Node cur = t.get(p.path());
        if (cur == null && !p.createIfMissing()) {
            throw new Refused("PATH_NOT_FOUND");
        }
        if (cur instanceof Tree.Dir) {
            throw new Refused("IS_A_DIRECTORY");
        }
        expectHash(t, p.path(), p.expectedHash());
        if (cur == null) {
            parents(t, p.path(), false);
        }
        byte[] base = cur == null ? new byte[0] : ((Tree.File) cur).bytes();
        Tree.File result =
                base == null ? new Tree.File(UNKNOWN, null) : Tree.File.of(patched(base, p.offset(), p.data()));
        events.add(new Expected("FILE_WRITTEN", p.path(), result.hash(), null, null));
        return t.with(p.path(), result);
    }

    /** Returns {@code base} with {@code data} written at {@code offset} (a gap before it reads as zeros). */
    static byte[] patched(byte[] base, long offset, byte[] data) {
        int end = (int) Math.max(base.length, offset + data.length);
        byte[] out = java.util.Arrays.copyOf(base, end);
        System.arraycopy(data, 0, out, (int) offset, data.length);
        return out;
    }

    private static Tree delete(Tree t, Op.Delete d, List<Expected> events) {
        Tree.Node cur = t.get(d.path());
        if (cur == null) {
            throw new Refused("PATH_NOT_FOUND");
        }
        if (cur instanceof Tree.Dir) {
            throw new Refused("IS_A_DIRECTORY");
        }
        expectHash(t, d.path(), d.expectedHash());
        events.add(Expected.of("FILE_DELETED", d.path()));
        return t.without(d.path());
    }

    private static Tree rename(Tree t, Op.Rename r, List<Expected> events) {
        String from = r.from();
        String to = r.to();
        Tree.Node src = t.get(from);
        if (src == null) {
            throw new Refused("PATH_NOT_FOUND");
        }
        Expected e = new Expected("PATH_RENAMED", to, null, from, to);
        if (from.equals(to)) {
            events.add(e);
            return t;
        }
        if (to.startsWith(from + "/")) {
            throw new Refused("INVALID_ARGUMENT");
        }
        requireDir(t, Tree.parent(to));
        Tree.Node dst = t.get(to);
        if (dst != null) {
            if (!r.overwrite()) {
                throw new Refused("PATH_EXISTS");
            }
            if (src instanceof Tree.Dir && !(dst instanceof Tree.Dir)) {
                throw new Refused("NOT_A_DIRECTORY");
            }
            if (!(src instanceof Tree.Dir) && dst instanceof Tree.Dir) {
                throw new Refused("IS_A_DIRECTORY");
            }
            if (dst instanceof Tree.Dir && !t.children(to).isEmpty()) {
                throw new Refused("DIRECTORY_NOT_EMPTY");
            }
        }
        events.add(e);
        return t.move(from, to);
    }

    private static Tree mkdir(Tree t, Op.Mkdir m, List<Expected> events) {
        if (t.exists(m.path())) {
            throw new Refused("PATH_EXISTS");
        }
        parents(t, m.path(), m.createParents());
        events.add(Expected.of("DIRECTORY_CREATED", m.path()));
        return t.with(m.path(), Tree.DIR);
    }

    private static Tree rmdir(Tree t, Op.Rmdir r, List<Expected> events) {
        requireDir(t, r.path());
        if (!r.recursive() && !t.children(r.path()).isEmpty()) {
            throw new Refused("DIRECTORY_NOT_EMPTY");
        }
        events.add(Expected.of("DIRECTORY_DELETED", r.path()));
        return t.without(r.path());
    }

    private static Tree sync(Tree t, Op.Sync s, List<Expected> events) {
        String base = s.basePath();
        if (!t.isDir(base)) {
            t = t.without(base).with(base, Tree.DIR);
        }
        Set<String> present = new HashSet<>();
        present.add(base);
        for (Map.Entry<String, byte[]> f : s.files().entrySet()) {
            String p = base.isEmpty() ? f.getKey() : base + "/" + f.getKey();
            if (t.get(p) instanceof Tree.Dir) {
                t = t.without(p);
            }
            parents(t, p, true);
            t = t.with(p, Tree.File.of(f.getValue()));
            for (String q = p; !q.equals(base) && !q.isEmpty(); q = Tree.parent(q)) {
                present.add(q);
            }
        }
        if (s.deleteMissing()) {
            for (String p : List.copyOf(t.below(base).keySet())) {
                if (!present.contains(p) && present.contains(Tree.parent(p))) {
                    t = t.without(p);
                }
            }
        }
        events.add(Expected.of("TARBALL_SYNCED", base));
        return t;
    }

    /** Refuses with STALE_EXPECTED_HASH unless the entry's hash (or "" when absent) is {@code expected}. */
    private static void expectHash(Tree t, String path, String expected) {
        if (expected == null || expected.isEmpty()) {
            return;
        }
        if (!ModelDiff.hash(t, path).equals(expected)) {
            throw new Refused("STALE_EXPECTED_HASH");
        }
    }

    /** Checks the parents of {@code path}: missing ones are created when {@code create}, else PATH_NOT_FOUND. */
    private static void parents(Tree t, String path, boolean create) {
        for (String q = Tree.parent(path); !q.isEmpty(); q = Tree.parent(q)) {
            if (t.isFile(q)) {
                throw new Refused("NOT_A_DIRECTORY");
            }
        }
        if (!create && !t.exists(Tree.parent(path))) {
            throw new Refused("PATH_NOT_FOUND");
        }
    }

    private static void requireDir(Tree t, String path) {
        if (!t.exists(path)) {
            throw new Refused("PATH_NOT_FOUND");
        }
        if (!t.isDir(path)) {
            throw new Refused("NOT_A_DIRECTORY");
        }
    }

    /** A refusal while applying an operation to the model. */
    private static final class Refused extends RuntimeException {
        final String reason;

        Refused(String reason) {
            super(reason, null, false, false);
            this.reason = reason;
        }
    }
}
