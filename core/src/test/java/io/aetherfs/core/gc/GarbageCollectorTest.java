package io.aetherfs.core.gc;

import static io.aetherfs.core.gc.GcFixture.T;
import static io.aetherfs.core.gc.GcFixture.bytes;
import static io.aetherfs.core.gc.GcFixture.read;
import static org.assertj.core.api.Assertions.assertThat;

import io.aetherfs.core.engine.Engine;
import io.aetherfs.core.engine.Stamped;
import io.aetherfs.core.engine.StoredLayout;
import io.aetherfs.core.model.Commit;
import io.aetherfs.core.model.CommitId;
import io.aetherfs.core.model.Hash;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.tree.DirEntry;
import io.aetherfs.core.tree.NodeCodec;
import io.aetherfs.core.util.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GarbageCollectorTest {
    static final Duration HALF_GRACE = GcFixture.GRACE.dividedBy(2);
    static final Duration PAST_GRACE = GcFixture.GRACE.multipliedBy(2);

    final GcFixture f = new GcFixture();

    @AfterEach
    void close() {
        f.close();
    }

    static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void run_keepsWhatLiveRootsReach_andSweepsADeletedSessionOnlyAfterGrace() {
        SessionId flushed = f.create();
        f.write(flushed, "src/a.txt", text("flushed small"));
        f.write(flushed, "src/big.bin", bytes(100_000, 1));
        f.flush(flushed);

        SessionId logged = f.create();
        f.write(logged, "notes/l.txt", text("only in the log"));
        f.write(logged, "l.bin", bytes(40_000, 2));

        SessionId moved = f.create();
        f.write(moved, "c.txt", text("checkpointed v1"));
        f.write(moved, "dir/c.bin", bytes(50_000, 3));
        Hash checkpointRoot = f.flush(moved);
        f.checkpoint(moved, checkpointRoot);
        Hash ckptSmall = f.extent(moved, "c.txt");
        Hash ckptBig = f.extent(moved, "dir/c.bin");
        f.write(moved, "c.txt", text("current v2"));
        f.write(moved, "dir/c.bin", bytes(50_000, 4));
        f.flush(moved);

        SessionId doomed = f.create();
        f.write(doomed, "d/d.txt", text("doomed small"));
        f.write(doomed, "d.bin", bytes(30_000, 5));
        Hash doomedRoot = f.flush(doomed);
        Hash doomedSmall = f.extent(doomed, "d/d.txt");
        Hash doomedBig = f.extent(doomed, "d.bin");
        f.delete(doomed);

        f.advance(HALF_GRACE);
        GcReport early = f.gc();
        assertThat(early.complete()).isTrue();
        assertThat(early.sweptNodes() + early.sweptInlineExtents() + early.sweptBlobs() + early.sweptMemos())
                .isZero();
        assertThat(f.hasInline(doomedSmall)).isTrue();
        assertThat(f.hasBlob(doomedBig)).isTrue();
        assertThat(f.hasNode(doomedRoot)).isTrue();

        f.advance(PAST_GRACE);
        GcReport late = f.gc();
        assertThat(late.complete()).as(late.toString()).isTrue();
        assertThat(f.hasInline(doomedSmall)).isFalse();
        assertThat(f.hasBlob(doomedBig)).isFalse();
        assertThat(f.hasNode(doomedRoot)).isFalse();
        assertThat(late.sweptBlobs()).isEqualTo(1);
        assertThat(late.sweptInlineExtents()).isEqualTo(1);
        assertThat(late.sweptNodes()).isPositive();
        assertThat(late.toString()).contains("swept:", "marked:");

        Engine e = f.fresh();
        assertThat(read(e, flushed, "src/a.txt")).isEqualTo(text("flushed small"));
        assertThat(read(e, flushed, "src/big.bin")).isEqualTo(bytes(100_000, 1));
        assertThat(read(e, logged, "notes/l.txt")).isEqualTo(text("only in the log"));
        assertThat(read(e, logged, "l.bin")).isEqualTo(bytes(40_000, 2));
        assertThat(read(e, moved, "c.txt")).isEqualTo(text("current v2"));
        assertThat(read(e, moved, "dir/c.bin")).isEqualTo(bytes(50_000, 4));
        DirEntry checkpointed = e.storedTree(T, checkpointRoot);
        assertThat(read(e, checkpointed, "c.txt")).isEqualTo(text("checkpointed v1"));
        assertThat(read(e, checkpointed, "dir/c.bin")).isEqualTo(bytes(50_000, 3));
        assertThat(f.hasInline(ckptSmall)).isTrue();
        assertThat(f.hasBlob(ckptBig)).isTrue();

        FsckReport fsck = f.fsck(false);
        assertThat(fsck.clean()).as(fsck.toString()).isTrue();
        assertThat(f.gc().sweptNodes()).as("a second run finds nothing more").isZero();
    }

    @Test
    void run_afterOverwriteAndFlush_sweepsOldExtentsAndChunksOnlyOnceOlderThanGrace() {
        SessionId s = f.create();
        f.write(s, "d/f.txt", text("version one"));
        f.write(s, "d/g.bin", bytes(20_000, 10));
        Hash oldRoot = f.flush(s);
        Hash oldChunk = f.fresh().storedTree(T, oldRoot).children().identity();
        Hash oldSmall = f.extent(s, "d/f.txt");
        Hash oldBig = f.extent(s, "d/g.bin");

        f.advance(Duration.ofMinutes(10));
        f.write(s, "d/f.txt", text("version two"));
        f.write(s, "d/g.bin", bytes(20_000, 11));
        Hash newRoot = f.flush(s);
        assertThat(newRoot).isNotEqualTo(oldRoot);

        f.advance(Duration.ofMinutes(45)); // the old objects are 55 minutes old: inside the grace period
        GcReport inside = f.gc();
        assertThat(inside.sweptNodes() + inside.sweptInlineExtents() + inside.sweptBlobs())
                .isZero();
        assertThat(f.hasNode(oldRoot)).isTrue();
        assertThat(f.hasNode(oldChunk)).isTrue();

        f.advance(Duration.ofMinutes(10)); // 65 minutes old; the new ones are 55
        GcReport past = f.gc();
        assertThat(f.hasNode(oldRoot)).isFalse();
        assertThat(f.hasNode(oldChunk)).isFalse();
        assertThat(f.hasInline(oldSmall)).isFalse();
        assertThat(f.hasBlob(oldBig)).isFalse();
        assertThat(past.sweptBlobs()).isEqualTo(1);
        assertThat(past.sweptInlineExtents()).isEqualTo(1);
        assertThat(past.sweptBytes()).isGreaterThan(20_000);
        assertThat(f.hasNode(newRoot)).isTrue();
        assertThat(f.hasInline(f.extent(s, "d/f.txt"))).isTrue();
        assertThat(f.hasBlob(f.extent(s, "d/g.bin"))).isTrue();

        Engine e = f.fresh();
        assertThat(read(e, s, "d/f.txt")).isEqualTo(text("version two"));
        assertThat(read(e, s, "d/g.bin")).isEqualTo(bytes(20_000, 11));
        assertThat(f.fsck(false).clean()).isTrue();
    }

    @Test
    void run_blobReputJustBeforeCollection_isNotSweptThoughUnmarked() {
        SessionId s = f.create();
        byte[] big = bytes(64_000, 20);
        f.write(s, "x.bin", big);
        f.flush(s);
        Hash blob = f.extent(s, "x.bin");
        f.delete(s);

        f.advance(PAST_GRACE);
        f.engine.content(T).write(big); // a writer deduplicating against the garbage blob
        GcReport report = f.gc();
        assertThat(report.refCounts(T)).doesNotContainKey(blob);
        assertThat(f.hasBlob(blob)).isTrue();
        assertThat(report.sweptBlobs()).isZero();
        assertThat(report.sweptNodes()).isPositive();

        f.advance(PAST_GRACE);
        assertThat(f.gc().sweptBlobs()).isEqualTo(1);
        assertThat(f.hasBlob(blob)).isFalse();
    }

    @Test
    void run_countsLiveRootsReachingEachExtent() {
        SessionId parent = f.create();
        f.write(parent, "shared.bin", bytes(30_000, 30));
        f.write(parent, "shared.txt", text("shared"));
        Hash parentRoot = f.flush(parent);
        f.checkpoint(parent, parentRoot);
        SessionId child = f.fork(parent);
        f.write(child, "own.txt", text("child only")); // in the child's log only
        Hash shared = f.extent(parent, "shared.bin");
        Hash sharedSmall = f.extent(parent, "shared.txt");
        Hash own = f.extent(child, "own.txt");

        GcReport report = f.gc();
        assertThat(report.refCounts(T))
                .containsEntry(shared, 3L)
                .containsEntry(sharedSmall, 3L)
                .containsEntry(own, 1L)
                .hasSize(3);
        assertThat(report.markedBlobs()).isEqualTo(1);
        assertThat(report.markedInlineExtents()).isEqualTo(2);

        GcReport uncounted = new GarbageCollector(f.meta, f.blobs, f.clock, GcFixture.GRACE, false).run();
        assertThat(uncounted.refCounts()).isEmpty();
        assertThat(uncounted.markedNodes()).isEqualTo(report.markedNodes());
    }

    @Test
    void run_keepsCanonicalMemosOfLiveDirectories_andSweepsTheRest() {
        SessionId live = f.create();
        f.write(live, "a/b/one.txt", text("1"));
        f.write(live, "a/two.txt", text("2"));
        f.flush(live);
        Set<String> liveMemos = Set.copyOf(f.keys(StoredLayout.canonicalMemos()));
        assertThat(liveMemos).isNotEmpty();

        SessionId gone = f.create();
        f.write(gone, "x/y/three.txt", text("3"));
        f.flush(gone);
        Set<String> goneMemos = new HashSet<>(f.keys(StoredLayout.canonicalMemos()));
        goneMemos.removeAll(liveMemos);
        assertThat(goneMemos).isNotEmpty();
        f.delete(gone);

        f.advance(PAST_GRACE);
        GcReport report = f.gc();
        List<String> after = f.keys(StoredLayout.canonicalMemos());
        assertThat(after).containsAll(liveMemos).doesNotContainAnyElementsOf(goneMemos);
        assertThat(report.sweptMemos()).isEqualTo(goneMemos.size());
    }

    @Test
    void run_keepsCommitAndMergeBaseRoots() {
        SessionId s = f.create();
        f.write(s, "committed.txt", text("committed"));
        Hash committedRoot = f.flush(s);
        byte[] object = ("K" + "commit object of " + committedRoot.hex()).getBytes(StandardCharsets.UTF_8);
        Hash objectId = Hash.of(object);
        CommitId commit = CommitId.generate(f.engine.ids());
        f.engine.execute(T, GcFixture.A, ctx -> {
            ctx.storeNode(objectId, object);
            return null;
        });
        f.put(
                StoredKeys.commit(s, commit),
                Json.write(new Commit(
                        commit, s, null, committedRoot, objectId, null, "m", "alice", f.clock.instant(), null, null)));
        f.write(s, "committed.txt", text("raw merge base"));
        Hash rawBase = f.flush(s);
        f.write(s, "committed.txt", text("json merge base"));
        Hash jsonBase = f.flush(s);
        SessionId other = f.create();
        f.put(StoredKeys.mergeBase(s, other), rawBase.toBytes());
        f.put(
                StoredKeys.mergeBase(other, s),
                ("{\"root\":\"" + jsonBase.hex() + "\"}").getBytes(StandardCharsets.UTF_8));
        f.write(s, "committed.txt", text("head"));
        f.flush(s);

        f.advance(PAST_GRACE);
        GcReport report = f.gc();
        assertThat(report.complete()).as(report.toString()).isTrue();
        Engine e = f.fresh();
        assertThat(read(e, e.storedTree(T, committedRoot), "committed.txt")).isEqualTo(text("committed"));
        assertThat(read(e, e.storedTree(T, rawBase), "committed.txt")).isEqualTo(text("raw merge base"));
        assertThat(read(e, e.storedTree(T, jsonBase), "committed.txt")).isEqualTo(text("json merge base"));
        assertThat(f.hasNode(objectId)).isTrue();
        assertThat(f.fsck(false).clean()).isTrue();
    }

    @Test
    void run_withAnUnreadableLiveNode_sweepsNothingOfTheTenant() {
        SessionId s = f.create();
        f.write(s, "d/f.txt", text("live"));
        Hash root = f.flush(s);
        SessionId gone = f.create();
        f.write(gone, "g.bin", bytes(20_000, 40));
        f.flush(gone);
        Hash garbage = f.extent(gone, "g.bin");
        f.delete(gone);
        Hash chunk = f.fresh().storedTree(T, root).children().identity();
        f.put(StoredLayout.node(chunk), Stamped.wrap(0, text("not the chunk")));

        f.advance(PAST_GRACE);
        GcReport report = f.gc();
        assertThat(report.complete()).isFalse();
        assertThat(report.unswept()).containsExactly(T);
        assertThat(report.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(Problem.Kind.NODE_CORRUPT);
            assertThat(p.key()).isEqualTo(StoredLayout.node(chunk));
            assertThat(p.root()).isEqualTo(StoredKeys.session(s));
        });
        assertThat(report.sweptNodes() + report.sweptBlobs() + report.sweptInlineExtents())
                .isZero();
        assertThat(f.hasBlob(garbage)).isTrue();
        assertThat(report.toString()).contains("not swept", "NODE_CORRUPT");
    }

    @Test
    void run_deletesIdempotencyRecordsPast24Hours_andKeepsUnreadableOnes() {
        f.create();
        String expiredByCreation = StoredKeys.idempotency(Hash.of(text("1")));
        String expiredByExpiry = StoredKeys.idempotency(Hash.of(text("2")));
        String fresh = StoredKeys.idempotency(Hash.of(text("3")));
        String unreadable = StoredKeys.idempotency(Hash.of(text("4")));
        f.put(expiredByCreation, json("createdAt", f.clock.instant().minus(Duration.ofHours(25))));
        f.put(expiredByExpiry, json("expiresAt", f.clock.instant().minus(Duration.ofMinutes(1))));
        f.put(fresh, json("createdAt", f.clock.instant().minus(Duration.ofHours(23))));
        f.put(unreadable, new byte[] {1, 2, 3});

        GcReport report = f.gc();
        assertThat(report.sweptIdempotencyRecords()).isEqualTo(2);
        assertThat(report.unreadableIdempotencyRecords()).isEqualTo(1);
        assertThat(f.keys(StoredLayout.idempotencyRecords())).containsExactlyInAnyOrder(fresh, unreadable);
    }

    @Test
    void run_treatsNodesWrittenWithinGraceAsRoots() {
        SessionId s = f.create();
        f.write(s, "d/keep.txt", text("reachable only from a young root"));
        Hash oldRoot = f.flush(s);
        Hash chunk = f.fresh().storedTree(T, oldRoot).children().identity();
        Hash small = f.extent(s, "d/keep.txt");
        f.delete(s);
        f.advance(PAST_GRACE);
        // A tree root stored just now (say, by a fork racing the mark) that shares the old chunks.
        DirEntry old = f.fresh().storedTree(T, oldRoot);
        byte[] youngRoot = NodeCodec.encodeRoot(old.withAttrs(old.attrs().withMode(0700)));
        f.engine.execute(T, GcFixture.A, ctx -> {
            ctx.storeNode(Hash.of(youngRoot), youngRoot);
            return null;
        });

        f.gc();
        assertThat(f.hasNode(oldRoot)).isFalse();
        assertThat(f.hasNode(chunk)).isTrue();
        assertThat(f.hasInline(small)).isTrue();
    }

    private static byte[] json(String field, java.time.Instant at) {
        return ("{\"" + field + "\":\"" + at + "\",\"status\":200}").getBytes(StandardCharsets.UTF_8);
    }
}
