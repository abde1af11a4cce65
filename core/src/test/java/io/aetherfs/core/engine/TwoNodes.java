package io.aetherfs.core.engine;

import static io.aetherfs.core.engine.EngineTest.A;
import static io.aetherfs.core.engine.EngineTest.T;

import io.aetherfs.core.content.Prepared;
import io.aetherfs.core.memory.InMemoryBlobStore;
import io.aetherfs.core.memory.InMemoryMetaStore;
import io.aetherfs.core.model.FsPath;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.spi.BlobStore;
import io.aetherfs.core.spi.MetaStore;
import io.aetherfs.core.tree.FileEntry;
import io.aetherfs.core.tree.TreeOp;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;

/**
 * Two engines, {@link #a} and {@link #b}, over one in-memory store that declares itself shared by nodes,
 * as two nodes of a scale-out cluster; plus the session and file helpers of the tests built on them.
 */
abstract class TwoNodes {
    final MetaStore store = new InMemoryMetaStore();
    final BlobStore blobs = new InMemoryBlobStore();
    final Engine a = node();
    final Engine b = node();

    Engine node() {
        return new Engine(new SharedMetaStore(store), blobs, Clock.systemUTC(), EngineConfig.DEFAULT);
    }

    @AfterEach
    void close() {
        a.close();
        b.close();
    }

    /** Creates an empty session through {@code e}. */
    static SessionId create(Engine e) {
        SessionId id = SessionId.generate(e.ids());
        e.execute(T, A, ctx -> {
            ctx.createSession(EngineTest.newSession(id, ctx.now()), EngineTest.emptyRoot(), EngineTest.CREATED);
            return null;
        });
        return id;
    }

    /** Returns a change writing {@code text} to {@code path}, its content and inode prepared already. */
    static Change<Void> put(Engine e, SessionId id, String path, String text) {
        Prepared p = e.content(T).write(text.getBytes(StandardCharsets.UTF_8));
        long inode = e.inodes().allocate(T, 8);
        return ctx -> {
            p.inline().forEach(ctx::storeInline);
            ctx.apply(id, new TreeOp.PutFile(FsPath.parse(path), p.content(), null, null, null, 1, true, inode));
            return null;
        };
    }

    /** Writes {@code text} to {@code path} through {@code e}. */
    static void write(Engine e, SessionId id, String path, String text) {
        e.execute(T, A, put(e, id, path, text));
    }

    /** Reads the file at {@code path} through {@code e}. */
    static String read(Engine e, SessionId id, String path) {
        FileEntry f = (FileEntry) e.fileTree(T).require(e.snapshot(T, id).tree(), FsPath.parse(path));
        return new String(e.content(T).read(f.content(), 0, (int) f.content().size()), StandardCharsets.UTF_8);
    }
}
