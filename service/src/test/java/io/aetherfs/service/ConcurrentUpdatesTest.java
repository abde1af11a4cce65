package io.aetherfs.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.memory.InMemoryMetaStore;
import io.aetherfs.core.merge.TreeMerge;
import io.aetherfs.core.model.EventType;
import io.aetherfs.core.model.FsPath;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.service.bus.BusSettings;
import io.aetherfs.service.events.EventQuery;
import io.aetherfs.service.files.ManifestQuery;
import io.aetherfs.service.page.PageRequest;
import io.aetherfs.service.persistence.MergeReport;
import io.aetherfs.service.persistence.MergeRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * Whole-tree operations racing each other and ordinary writes: concurrent merges into one target,
 * concurrent commits of one session, merges and patches under steady writers (the hardening issue's
 * defects 1 to 3).
 */
class ConcurrentUpdatesTest {
    private final Fixture f = new Fixture();
    private final ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();

    @AfterEach
    void close() {
        pool.shutdownNow();
        f.close();
    }

    private SessionId fork(SessionId parent, String name) {
        return f.services
                .sessions()
                .fork(f.alice, parent, Map.of(), null, name)
                .session()
                .id();
    }

    private MergeReport merge(SessionId target, SessionId source) {
        return f.services
                .merges()
                .merge(
                        f.alice,
                        new MergeRequest(
                                target,
                                source,
                                TreeMerge.Strategy.FAIL_ON_CONFLICT,
                                Map.of(),
                                true,
                                false,
                                true,
                                null));
    }

    private List<String> paths(SessionId id) {
        return f
                .services
                .fileReads()
                .manifest(f.alice, id, new ManifestQuery(FsPath.ROOT, true, false), new PageRequest(1000, null))
                .entries()
                .stream()
                .map(e -> e.path().value())
                .toList();
    }

    /** Runs every task at the same moment and returns their results in order. */
    private <T> List<T> atOnce(List<Callable<T>> tasks) throws Exception {
        CyclicBarrier start = new CyclicBarrier(tasks.size());
        List<Future<T>> futures = new ArrayList<>();
        for (Callable<T> t : tasks) {
            futures.add(pool.submit(() -> {
                start.await();
                return t.call();
            }));
        }
        List<T> out = new ArrayList<>();
        for (Future<T> fu : futures) {
            out.add(fu.get());
        }
        return out;
    }

    @RepeatedTest(5)
    void merge_ofEightChildrenAtOnce_keepsEveryChildsFile() throws Exception {
        SessionId parent = f.newSession();
        f.write(parent, "base.txt", "base\n");
        List<SessionId> children = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            SessionId child = fork(parent, "child" + i);
            f.write(child, "child" + i + "/work.txt", "from child " + i + "\n");
            children.add(child);
        }

        List<MergeReport> reports = atOnce(children.stream()
                .<Callable<MergeReport>>map(c -> () -> merge(parent, c))
                .toList());

        assertThat(reports).allSatisfy(r -> assertThat(r.result()).isEqualTo(MergeReport.Result.MERGED));
        List<String> expected = new ArrayList<>(List.of("base.txt"));
        for (int i = 0; i < 8; i++) {
            expected.add("child" + i);
            expected.add("child" + i + "/work.txt");
        }
        assertThat(paths(parent)).containsExactlyInAnyOrderElementsOf(expected);
        long completed = f.services
                .events()
                .list(
                        f.alice,
                        parent,
                        new EventQuery(null, null, java.util.Set.of(EventType.MERGE_COMPLETED), 0, null),
                        PageRequest.FIRST)
                .items()
                .size();
        assertThat(completed).isEqualTo(8);
        for (SessionId c : children) {
            assertThat(merge(parent, c).result()).isEqualTo(MergeReport.Result.UP_TO_DATE);
        }
    }

    @RepeatedTest(3)
    void commit_bySixteenClientsOfOneSessionAtOnce_neverReportsMissingNodes() throws Exception {
        SessionId s = f.newSession();
        f.write(s, "seed.txt", "seed\n");
        List<Callable<String>> clients = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            int n = i;
            clients.add(() -> {
                f.write(s, "c" + n + ".txt", "client " + n + "\n");
                try {
                    return f.services
                            .commits()
                            .commit(f.alice, s, "client " + n, null, true)
                            .id()
                            .value();
                } catch (AfsException e) {
                    return e.code() + ": " + e.getMessage();
                }
            });
        }

        List<String> answers = atOnce(clients);

        assertThat(answers).allSatisfy(a -> assertThat(a).startsWith("cmt_"));
        assertThat(f.services
                        .commits()
                        .list(f.alice, s, new PageRequest(100, null))
                        .items())
                .hasSize(16);
    }

    @Test
    void merge_underEightSteadyWriters_finishesEveryTime() throws Exception {
        SessionId parent = f.newSession();
        f.write(parent, "base.txt", "base\n");
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger writes = new AtomicInteger();
        ConcurrentLinkedQueue<Throwable> writerErrors = new ConcurrentLinkedQueue<>();
        List<Future<?>> writers = new ArrayList<>();
        for (int w = 0; w < 8; w++) {
            int n = w;
            writers.add(pool.submit(() -> {
                try {
                    for (int i = 0; !stop.get(); i++) {
                        f.write(parent, "writer" + n + "/f" + (i % 50) + ".txt", "write " + i + "\n");
                        writes.incrementAndGet();
                    }
                } catch (Throwable t) {
                    writerErrors.add(t);
                }
            }));
        }
        List<String> failures = new ArrayList<>();
        try {
            for (int m = 0; m < 30; m++) {
                SessionId child = fork(parent, "m" + m);
                f.write(child, "merged/m" + m + ".txt", "merge " + m + "\n");
                try {
                    assertThat(merge(parent, child).result()).isEqualTo(MergeReport.Result.MERGED);
                } catch (AfsException e) {
                    failures.add(e.code() + " " + e.reason() + ": " + e.getMessage());
                }
            }
        } finally {
            stop.set(true);
            for (Future<?> w : writers) {
                w.get();
            }
        }

        assertThat(writerErrors).isEmpty();
        assertThat(failures).isEmpty();
        assertThat(writes.get()).isPositive();
        for (int m = 0; m < 30; m++) {
            assertThat(paths(parent)).contains("merged/m" + m + ".txt");
        }
    }

    @Test
    void merge_whoseTargetKeepsChangingTheSamePath_losesNeitherTheWritesNorTheMerge() throws Exception {
        SessionId parent = f.newSession();
        f.write(parent, "shared.txt", "one\ntwo\nthree\n");
        SessionId child = fork(parent, "child");
        f.write(child, "shared.txt", "one\ntwo\nthree (child)\n");
        AtomicInteger last = new AtomicInteger(-1);
        AtomicBoolean merged = new AtomicBoolean();
        Future<?> writer = pool.submit(() -> {
            for (int i = 0; !merged.get(); i++) {
                f.write(parent, "shared.txt", "one (parent " + i + ")\ntwo\nthree\n");
                last.set(i);
            }
            return null;
        });
        MergeReport r;
        try {
            while (last.get() < 3) {
                Thread.onSpinWait(); // the merge starts while the writer is in full swing
            }
            r = merge(parent, child);
        } finally {
            merged.set(true);
            writer.get();
        }

        assertThat(r.result()).isEqualTo(MergeReport.Result.MERGED);
        List<io.aetherfs.core.model.Event> events = f.services
                .events()
                .list(f.alice, parent, new EventQuery(null, null, null, 0, null), new PageRequest(1000, null))
                .items();
        long mergedAt = events.stream()
                .filter(e -> e.type() == EventType.MERGE_COMPLETED)
                .mapToLong(io.aetherfs.core.model.Event::sequence)
                .max()
                .orElseThrow();
        long lastWrite = events.stream()
                .filter(e -> e.type() == EventType.FILE_WRITTEN)
                .mapToLong(io.aetherfs.core.model.Event::sequence)
                .max()
                .orElseThrow();
        // in either serial order the newest write's first line survives; the child's third line
        // survives unless a write that came after the merge replaced the whole file
        String expectedThird = lastWrite > mergedAt ? "three\n" : "three (child)\n";
        assertThat(f.read(parent, "shared.txt")).isEqualTo("one (parent " + last.get() + ")\ntwo\n" + expectedThird);
    }

    @Test
    void patch_ofAFileThatEightWritersKeepRewriting_finishes() throws Exception {
        SessionId s = f.newSession();
        f.write(s, "hot.txt", "0123456789\n");
        AtomicBoolean stop = new AtomicBoolean();
        List<Future<?>> writers = new ArrayList<>();
        for (int w = 0; w < 8; w++) {
            int n = w;
            writers.add(pool.submit(() -> {
                for (int i = 0; !stop.get(); i++) {
                    f.write(s, "hot.txt", "writer " + n + " round " + i + "\n");
                }
                return null;
            }));
        }
        List<String> patchedHeads = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                io.aetherfs.service.files.EntryView v = f.services
                        .content()
                        .patchSegments(
                                f.alice,
                                s,
                                FsPath.parse("hot.txt"),
                                List.of(new io.aetherfs.core.content.Segment(0, "PATCH".getBytes())),
                                null,
                                null,
                                false,
                                null);
                io.aetherfs.core.tree.Content c = ((io.aetherfs.core.tree.FileEntry) v.entry()).content();
                patchedHeads.add(new String(f.engine.content(Fixture.TENANT).read(c, 0, 5)));
            }
        } finally {
            stop.set(true);
            for (Future<?> w : writers) {
                w.get();
            }
        }
        // every patch applied to some writer's version of the file, as of its own commit
        assertThat(patchedHeads).hasSize(20).containsOnly("PATCH");
    }

    @Test
    void merge_planned_beforeAnotherMergeOfThePairCommitted_neverBringsBackWhatTheTargetDeletedSince()
            throws Exception {
        PausingMetaStore store = new PausingMetaStore(new InMemoryMetaStore());
        try (Fixture g = new Fixture(store, BusSettings.DEFAULT)) {
            SessionId parent = g.newSession();
            g.write(parent, "base.txt", "base\n");
            SessionId child = g.services
                    .sessions()
                    .fork(g.alice, parent, Map.of(), null, "child")
                    .session()
                    .id();
            g.write(child, "a.txt", "from the child\n");
            MergeRequest req = new MergeRequest(
                    parent, child, TreeMerge.Strategy.FAIL_ON_CONFLICT, Map.of(), true, false, true, null);

            // the late merge reads the pair's merge base (none yet) and is held right after
            store.pauseNextReadOf("mb/");
            Future<MergeReport> late = pool.submit(() -> g.services.merges().merge(g.alice, req));
            store.awaitPaused();
            // meanwhile the same pair is merged, and the target deletes the file that merge brought
            assertThat(g.services.merges().merge(g.alice, req).result()).isEqualTo(MergeReport.Result.MERGED);
            g.services.namespace().deleteFile(g.alice, parent, FsPath.parse("a.txt"), null, null);
            store.release();

            assertThat(late.get().result()).isEqualTo(MergeReport.Result.UP_TO_DATE);
            assertThat(g
                            .services
                            .fileReads()
                            .manifest(g.alice, parent, new ManifestQuery(FsPath.ROOT, true, false), PageRequest.FIRST)
                            .entries()
                            .stream()
                            .map(e -> e.path().value()))
                    .containsExactly("base.txt");
        }
    }
}
