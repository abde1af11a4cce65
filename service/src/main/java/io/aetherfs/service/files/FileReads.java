package io.aetherfs.service.files;

import io.aetherfs.core.engine.Engine;
import io.aetherfs.core.engine.SessionState;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.ErrorCode;
import io.aetherfs.core.error.Reason;
import io.aetherfs.core.model.FsPath;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.tree.Canonical;
import io.aetherfs.core.tree.DirEntry;
import io.aetherfs.core.tree.Entry;
import io.aetherfs.core.tree.Extent;
import io.aetherfs.core.tree.FileEntry;
import io.aetherfs.core.tree.FileTree;
import io.aetherfs.core.tree.SymlinkEntry;
import io.aetherfs.service.Limits;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.auth.Scope;
import io.aetherfs.service.page.PageRequest;
import io.aetherfs.service.page.PageTokens;
import io.aetherfs.service.session.Fingerprints;
import io.aetherfs.service.session.SessionAccess;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Read-only filesystem use cases on a session's working tree (spec §9.2). */
public final class FileReads {
    private final Engine engine;
    private final SessionAccess access;
    private final PageTokens tokens;
    private final Fingerprints fingerprints;

    public FileReads(Engine engine, Limits limits) {
        this.engine = engine;
        this.access = new SessionAccess(engine);
        this.tokens = new PageTokens(limits);
        this.fingerprints = new Fingerprints(engine);
    }

    /** Lists entries at or below a prefix in byte-wise path order, with the session's fingerprint. */
    public Manifest manifest(Caller caller, SessionId id, ManifestQuery q, PageRequest page) {
        caller.require(Scope.FILESYSTEM_READ);
        SessionState s = access.load(caller, id, SessionAccess.TREE_READABLE);
        int size = tokens.size(page);
        String after = tokens.decode(page, "GetFileManifest:" + id, q.canonical());
        FileTree ft = engine.fileTree(caller.tenant());
        Canonical canonical = engine.canonical(caller.tenant());
        List<EntryView> out = new ArrayList<>();
        boolean[] more = {false};
        ManifestWalker.Sink sink = e -> {
            if (out.size() == size) {
                more[0] = true;
                return false;
            }
            out.add(EntryViews.of(canonical, e.getKey(), e.getValue(), q.includeCasExtents()));
            return true;
        };
        Entry at = ft.lookup(s.tree(), q.pathPrefix()).orElse(null);
        if (at instanceof DirEntry dir) {
            if (!q.recursive()) {
                Iterator<Map.Entry<String, Entry>> it = ft.entries(dir, after);
                while (it.hasNext()) {
                    Map.Entry<String, Entry> e = it.next();
                    if (!sink.test(Map.entry(q.pathPrefix().child(e.getKey()), e.getValue()))) {
                        break;
                    }
                }
            } else {
                boolean emitSelf = !q.pathPrefix().isRoot() && (after == null);
                if (!emitSelf || sink.test(Map.entry(q.pathPrefix(), at))) {
                    new ManifestWalker(ft).walk(q.pathPrefix(), dir, after, sink);
                }
            }
        } else if (at != null && after == null && q.recursive()) {
            sink.test(Map.entry(q.pathPrefix(), at));
        }
        String last = out.isEmpty()
                ? null
                : (q.recursive()
                        ? out.getLast().path().value()
                        : out.getLast().path().name());
        String next = more[0] ? tokens.encode("GetFileManifest:" + id, q.canonical(), last) : "";
        return new Manifest(out, fingerprints.of(caller.tenant(), s), next);
    }

    /** Returns the view of the entry at a path (HEAD and stat). */
    public EntryView stat(Caller caller, SessionId id, FsPath path) {
        caller.require(Scope.FILESYSTEM_READ);
        SessionState s = access.load(caller, id, SessionAccess.TREE_READABLE);
        Entry e = engine.fileTree(caller.tenant()).require(s.tree(), path);
        return EntryViews.of(engine.canonical(caller.tenant()), path, e, false);
    }

    /** Opens a regular file for reading; IS_A_DIRECTORY for directories, FAILED_PRECONDITION for others. */
    public FileRead open(Caller caller, SessionId id, FsPath path) {
        caller.require(Scope.FILESYSTEM_READ);
        SessionState s = access.load(caller, id, SessionAccess.TREE_READABLE);
        Entry e = engine.fileTree(caller.tenant()).require(s.tree(), path);
        FileEntry f = regularFile(path, e);
        return new FileRead(
                EntryViews.of(engine.canonical(caller.tenant()), path, f, false),
                f.content(),
                engine.content(caller.tenant()));
    }

    /** Returns the target of a symlink. */
    public String readSymlink(Caller caller, SessionId id, FsPath path) {
        caller.require(Scope.FILESYSTEM_READ);
        SessionState s = access.load(caller, id, SessionAccess.TREE_READABLE);
        Entry e = engine.fileTree(caller.tenant()).require(s.tree(), path);
        if (e instanceof SymlinkEntry l) {
            return l.target();
        }
        throw AfsException.of(Reason.NOT_A_SYMLINK, "\"" + path + "\" is not a symbolic link", "path", path.value());
    }

    /** Returns the next data (or hole) offset at or after {@code offset}, as lseek(SEEK_DATA/SEEK_HOLE). */
    public long seekHoleData(Caller caller, SessionId id, FsPath path, long offset, boolean data) {
        FileRead f = open(caller, id, path);
        long size = f.content().size();
        if (offset < 0 || offset >= size) {
            throw new AfsException(
                    ErrorCode.OUT_OF_RANGE,
                    "offset " + offset + " is at or past the end of the file (" + size + " bytes)");
        }
        long pos = offset;
        for (Extent e : f.content().extents()) {
            if (e.end() <= pos) {
                continue;
            }
            if (data) {
                return Math.max(pos, e.offset());
            }
            if (e.offset() > pos) {
                return pos;
            }
            pos = e.end();
        }
        if (data) {
            throw new AfsException(
                    ErrorCode.OUT_OF_RANGE, "no data at or after offset " + offset + " (the rest is a hole)");
        }
        return Math.min(pos, size);
    }

    /** Returns the value of an extended attribute; NOT_FOUND if it is not set. */
    public byte[] getXattr(Caller caller, SessionId id, FsPath path, String name) {
        caller.require(Scope.FILESYSTEM_READ);
        SessionState s = access.load(caller, id, SessionAccess.TREE_READABLE);
        byte[] v = engine.fileTree(caller.tenant())
                .require(s.tree(), path)
                .attrs()
                .xattrs()
                .get(name);
        if (v == null) {
            throw AfsException.notFound("no extended attribute " + name + " on \"" + path + "\"");
        }
        return v;
    }

    /** Returns the extended attribute names of an entry, in name order. */
    public List<String> listXattrs(Caller caller, SessionId id, FsPath path) {
        caller.require(Scope.FILESYSTEM_READ);
        SessionState s = access.load(caller, id, SessionAccess.TREE_READABLE);
        List<String> names = new ArrayList<>();
        engine.fileTree(caller.tenant())
                .require(s.tree(), path)
                .attrs()
                .xattrs()
                .names()
                .forEach(names::add);
        return names;
    }

    static FileEntry regularFile(FsPath path, Entry e) {
        if (e instanceof FileEntry f) {
            return f;
        }
        if (e instanceof DirEntry) {
            throw AfsException.of(Reason.IS_A_DIRECTORY, "\"" + path + "\" is a directory", "path", path.value());
        }
        throw AfsException.precondition("\"" + path + "\" is a "
                + e.type().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ", not a regular file");
    }
}
