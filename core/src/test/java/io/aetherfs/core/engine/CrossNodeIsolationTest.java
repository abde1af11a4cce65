package io.aetherfs.core.engine;

import static io.aetherfs.core.engine.EngineTest.A;
import static io.aetherfs.core.engine.EngineTest.T;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aetherfs.core.content.Prepared;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.ErrorCode;
import io.aetherfs.core.model.FsPath;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.tree.FileEntry;
import io.aetherfs.core.tree.TreeOp;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What a change sees of sessions on a store shared by nodes: the newest committed state when its batch
 * first looks, and a commit only if nothing it looked at (written or only read) changed since; changes
 * that failed on state of a batch that lost go back to run again rather than answer from it.
 */
class CrossNodeIsolationTest extends TwoNodes {
    static String text(ChangeContext ctx, SessionId id, String path) {
        return ctx.fileTree()
                .lookup(ctx.tree(id), FsPath.parse(path))
                .map(e -> {
                    FileEntry f = (FileEntry) e;
                    return new String(
                            ctx.content().read(f.content(), 0, (int) f.content().size()), StandardCharsets.UTF_8);
                })
                .orElse(null);
    }

    static void put(ChangeContext ctx, SessionId id, String path, Prepared p) {
        p.inline().forEach(ctx::storeInline);
        ctx.apply(id, new TreeOp.PutFile(FsPath.parse(path), p.content(), null, null, null, 1, true, 0));
    }

    Prepared content(String s) {
        return b.content(T).write(s.getBytes(StandardCharsets.UTF_8));
    }

    /** A precondition that fails on a stale cache would refuse a client who just wrote through another node. */
    @Test
    void aChangeOnANodeWithAStaleCache_seesTheWriteJustAcknowledgedByAnother() {
        SessionId id = create(a);
        write(a, id, "f", "one");
        assertThat(read(b, id, "f")).isEqualTo("one"); // b caches the session
        write(a, id, "f", "two"); // b's cache is stale now

        String seen = b.execute(T, A, ctx -> text(ctx, id, "f"));

        assertThat(seen).isEqualTo("two");
    }

    /**
     * Write skew across nodes: a change on b copies session S's file into session T (it only reads S);
     * a write to S through a lands between b's read and b's commit. b's commit must not stand on the
     * state of S it read, or T would hold a copy of a version S no longer had when T changed.
     */
    @Test
    void aSessionOnlyReadByAChange_mustNotChangeBeforeItCommits() {
        SessionId source = create(a);
        SessionId target = create(a);
        write(a, source, "f", "one");
        Prepared two = a.content(T).write("two".getBytes(StandardCharsets.UTF_8));
        AtomicBoolean interfered = new AtomicBoolean();
        AtomicInteger runs = new AtomicInteger();

        b.execute(T, A, ctx -> {
            runs.incrementAndGet();
            String seen = text(ctx, source, "f");
            if (interfered.compareAndSet(false, true)) {
                a.execute(T, A, other -> {
                    put(other, source, "f", two);
                    return null;
                });
            }
            put(ctx, target, "copy", b.content(T).write(seen.getBytes(StandardCharsets.UTF_8)));
            return null;
        });

        assertThat(runs.get()).isEqualTo(2);
        assertThat(read(a, target, "copy")).isEqualTo("two");
    }

    /**
     * u1 creates "f" only while "g" is absent; u2, in the same batch, creates "f" only if it does not exist,
     * so it fails on u1's write. A write through a creates "g" before the batch commits: the batch loses,
     * and u1 fails when it runs again. u2 must not have answered "f exists" from a write that never
     * committed: it runs again too, and creates "f".
     */
    @Test
    void aChangeThatFailedOnTheStateOfALosingBatch_runsAgain() throws Exception {
        SessionId id = create(a);
        Prepared fromU1 = content("u1");
        Prepared fromU2 = content("u2");
        Prepared g = content("g");
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch hold = new CountDownLatch(1);
        AtomicBoolean interfered = new AtomicBoolean();

        CompletableFuture<Void> blocker = CompletableFuture.runAsync(() -> b.execute(T, A, ctx -> {
            running.countDown();
            await(hold); // keeps b's committer busy while u1 and u2 queue up behind it, to form one batch
            return null;
        }));
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<String> u1 = CompletableFuture.supplyAsync(() -> b.execute(T, A, ctx -> {
            if (text(ctx, id, "g") != null) {
                throw AfsException.of(io.aetherfs.core.error.Reason.PATH_EXISTS, "g exists", "path", "g");
            }
            put(ctx, id, "f", fromU1);
            if (interfered.compareAndSet(false, true)) {
                a.execute(T, A, other -> {
                    put(other, id, "g", g);
                    return null;
                });
            }
            return "u1 created f";
        }));
        awaitQueued(1);
        CompletableFuture<String> u2 = CompletableFuture.supplyAsync(() -> b.execute(T, A, ctx -> {
            if (text(ctx, id, "f") != null) {
                throw AfsException.of(io.aetherfs.core.error.Reason.PATH_EXISTS, "f exists", "path", "f");
            }
            put(ctx, id, "f", fromU2);
            return "u2 created f";
        }));
        awaitQueued(2);
        hold.countDown();
        blocker.get(10, TimeUnit.SECONDS);

        assertThatThrownBy(() -> u1.join()).hasRootCauseMessage("g exists");
        assertThat(u2.get(10, TimeUnit.SECONDS)).isEqualTo("u2 created f");
        assertThat(read(a, id, "f")).isEqualTo("u2");
        assertThat(read(b, id, "g")).isEqualTo("g");
    }

    private void awaitQueued(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (b.queuedChanges() < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("changes did not queue");
            }
            Thread.sleep(1);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new AfsException(ErrorCode.DEADLINE_EXCEEDED, "test latch");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
