package io.aetherfs.core.gc;

import static io.aetherfs.core.gc.GcFixture.T;
import static io.aetherfs.core.gc.GcFixture.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.aetherfs.core.engine.Stamped;
import io.aetherfs.core.engine.StoredLayout;
import io.aetherfs.core.model.FsPath;
import io.aetherfs.core.model.Hash;
import io.aetherfs.core.model.SessionId;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FsckTest {
    final GcFixture f = new GcFixture();
    SessionId flushed;
    SessionId logged;
    Hash root;

    @BeforeEach
    void populate() {
        flushed = f.create();
        f.write(flushed, "src/a.txt", text("small a"));
        f.write(flushed, "src/b.bin", bytes(40_000, 1));
        f.write(flushed, "c.bin", bytes(25_000, 2));
        root = f.flush(flushed);
        f.checkpoint(flushed, root);
        logged = f.create();
        f.write(logged, "one.txt", text("one"));
        f.write(logged, "two.bin", bytes(30_000, 3));
        f.write(logged, "three.txt", text("three"));
    }

    @AfterEach
    void close() {
        f.close();
    }

    static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void run_onHealthyState_isClean() {
        FsckReport report = f.fsck(false);
        assertThat(report.clean()).as(report.toString()).isTrue();
        assertThat(report.sessions()).isEqualTo(2);
        assertThat(report.roots()).isEqualTo(3);
        assertThat(report.nodesChecked()).isPositive();
        assertThat(report.inlineExtentsChecked()).isEqualTo(3);
        assertThat(report.blobsChecked()).isEqualTo(3);
        assertThat(report.blobBytesRead()).isEqualTo(95_000);
        assertThat(report.toString()).contains("clean");
    }

    @Test
    void run_missingBlob_isReportedWithItsRoot_andCannotBeRepaired() {
        Hash blob = f.extent(flushed, "src/b.bin");
        f.blobs.delete(T, blob);

        FsckReport report = f.fsck(true);
        assertThat(report.clean()).isFalse();
        assertThat(report.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(Problem.Kind.BLOB_MISSING);
            assertThat(p.key()).isEqualTo("blob/" + blob.hex());
            assertThat(p.root()).isEqualTo(StoredKeys.session(flushed));
            assertThat(p.repaired()).isFalse();
        });
        assertThat(report.toString()).contains("BLOB_MISSING", blob.hex());
    }

    @Test
    void run_corruptBlob_isQuarantinedByRepair() {
        Hash blob = f.extent(logged, "two.bin");
        byte[] wrong = bytes(30_000, 99);
        f.blobs.delete(T, blob);
        f.blobs.put(T, blob, wrong, 0, wrong.length);

        assertThat(f.fsck(false).problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(Problem.Kind.BLOB_CORRUPT);
            assertThat(p.root()).isEqualTo(StoredKeys.session(logged));
        });
        assertThat(f.hasBlob(blob)).as("a check without repair changes nothing").isTrue();

        FsckReport repaired = f.fsck(true);
        assertThat(repaired.repaired()).isEqualTo(1);
        assertThat(f.hasBlob(blob)).isFalse();
        assertThat(f.value("quarantine/blob/" + blob.hex()))
                .hasValueSatisfying(v -> assertThat(v).isEqualTo(wrong));
        assertThat(f.fsck(false).problems())
                .singleElement()
                .extracting(Problem::kind)
                .isEqualTo(Problem.Kind.BLOB_MISSING);
    }

    @Test
    void run_missingNode_isReported() {
        Hash chunk = f.fresh().storedTree(T, root).children().identity();
        f.remove(StoredLayout.node(chunk));

        FsckReport report = f.fsck(false);
        assertThat(report.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(Problem.Kind.NODE_MISSING);
            assertThat(p.key()).isEqualTo(StoredLayout.node(chunk));
        });
    }

    @Test
    void run_corruptNode_isQuarantinedByRepair() {
        Hash chunk = f.fresh().storedTree(T, root).children().identity();
        byte[] bad = Stamped.wrap(7, text("C garbage"));
        f.put(StoredLayout.node(chunk), bad);

        FsckReport report = f.fsck(true);
        assertThat(report.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(Problem.Kind.NODE_CORRUPT);
            assertThat(p.repaired()).isTrue();
        });
        assertThat(f.hasNode(chunk)).isFalse();
        assertThat(f.value("quarantine/n/" + chunk.hex()))
                .hasValueSatisfying(v -> assertThat(v).isEqualTo(bad));
        assertThat(f.fsck(false).problems())
                .singleElement()
                .extracting(Problem::kind)
                .isEqualTo(Problem.Kind.NODE_MISSING);
    }

    @Test
    void run_missingLogRow_isReported() {
        f.remove(StoredLayout.logRow(logged, 2));

        FsckReport report = f.fsck(false);
        assertThat(report.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(Problem.Kind.LOG_ROW_MISSING);
            assertThat(p.key()).isEqualTo(StoredLayout.logRow(logged, 2));
            assertThat(p.detail()).contains("log row 2 of 3");
        });
    }

    @Test
    void run_unreadableRecordsAndLogRows_areReported() {
        f.put(StoredLayout.logRow(logged, 3), text("{\"op\":\"nonsense\"}"));
        f.put(StoredKeys.session(new SessionId("sess_00000000000000000000000000")), text("not json"));
        f.put(StoredKeys.mergeBase(flushed, logged), text("{\"base\":1}"));

        FsckReport report = f.fsck(false);
        assertThat(report.problems())
                .extracting(Problem::kind)
                .containsExactlyInAnyOrder(
                        Problem.Kind.LOG_ROW_UNREADABLE,
                        Problem.Kind.RECORD_UNREADABLE,
                        Problem.Kind.RECORD_UNREADABLE);
    }

    @Test
    void repair_movesOnlyCorruptCopiesAside_andLeavesHealthyDataUntouched() {
        // The chunk of src/ (not the root directory's), so c.bin stays reachable and gets checked.
        Hash chunk = f.engine
                .fileTree(T)
                .requireDir(f.fresh().storedTree(T, root), FsPath.parse("src"))
                .children()
                .identity();
        Hash small = f.extent(logged, "one.txt");
        Hash blob = f.extent(flushed, "c.bin");
        Hash missing = f.extent(logged, "two.bin");
        f.put(StoredLayout.node(chunk), Stamped.wrap(7, text("C garbage")));
        f.put(StoredLayout.inlineExtent(small), Stamped.wrap(7, text("eno")));
        byte[] wrong = bytes(25_000, 98);
        f.blobs.delete(T, blob);
        f.blobs.put(T, blob, wrong, 0, wrong.length);
        f.blobs.delete(T, missing);
        Map<String, byte[]> metaBefore = f.dumpMeta();
        Map<Hash, byte[]> blobsBefore = f.dumpBlobs();

        FsckReport report = f.fsck(true);

        assertThat(report.problems())
                .extracting(Problem::kind, Problem::repaired)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(Problem.Kind.NODE_CORRUPT, true),
                        org.assertj.core.groups.Tuple.tuple(Problem.Kind.EXTENT_CORRUPT, true),
                        org.assertj.core.groups.Tuple.tuple(Problem.Kind.BLOB_CORRUPT, true),
                        org.assertj.core.groups.Tuple.tuple(Problem.Kind.BLOB_MISSING, false));
        Map<String, byte[]> expectedMeta = new HashMap<>(metaBefore);
        expectedMeta.put("quarantine/" + StoredLayout.node(chunk), expectedMeta.remove(StoredLayout.node(chunk)));
        expectedMeta.put(
                "quarantine/" + StoredLayout.inlineExtent(small),
                expectedMeta.remove(StoredLayout.inlineExtent(small)));
        expectedMeta.put("quarantine/blob/" + blob.hex(), wrong);
        assertSameEntries(f.dumpMeta(), expectedMeta);
        Map<Hash, byte[]> expectedBlobs = new HashMap<>(blobsBefore);
        expectedBlobs.remove(blob);
        assertSameEntries(f.dumpBlobs(), expectedBlobs);
        assertThat(report.toString()).contains("4 problems, 3 repaired");
    }

    @Test
    void contentReferences_areRoots_whoseMissingBlobIsReported_andWhoseContentGcKeeps() {
        io.aetherfs.core.content.Prepared report = f.engine.content(T).write(bytes(50_000, 9));
        f.engine.execute(T, GcFixture.A, ctx -> {
            ctx.records(io.aetherfs.core.engine.EngineRecords.CONTENT_REFS, flushed)
                    .put("health-report", report.content());
            return null;
        });
        Hash blob = report.content().extents().getFirst().hash();
        f.advance(GcFixture.GRACE.multipliedBy(2));
        f.gc();
        assertThat(f.blobs.stat(T, blob)).isPresent();
        assertThat(f.fsck(false).clean()).isTrue();

        f.blobs.delete(T, blob);

        FsckReport broken = f.fsck(false);
        assertThat(broken.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(Problem.Kind.BLOB_MISSING);
            assertThat(p.root()).isEqualTo(StoredLayout.contentRefs(flushed).from() + "health-report");
        });
    }

    private static <K> void assertSameEntries(Map<K, byte[]> actual, Map<K, byte[]> expected) {
        assertThat(actual.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        for (K k : List.copyOf(expected.keySet())) {
            assertThat(actual.get(k)).as("value of %s", k).isEqualTo(expected.get(k));
        }
    }
}
