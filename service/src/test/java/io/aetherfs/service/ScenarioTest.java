package io.aetherfs.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.ErrorCode;
import io.aetherfs.core.error.Reason;
import io.aetherfs.core.merge.TreeMerge;
import io.aetherfs.core.model.Checkpoint;
import io.aetherfs.core.model.Commit;
import io.aetherfs.core.model.EventType;
import io.aetherfs.core.model.FsPath;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.model.SessionStatus;
import io.aetherfs.service.archive.ArchiveEntry;
import io.aetherfs.service.archive.ArchiveFormat;
import io.aetherfs.service.archive.ArchiveLimits;
import io.aetherfs.service.archive.ArchiveReader;
import io.aetherfs.service.events.EventQuery;
import io.aetherfs.service.files.Manifest;
import io.aetherfs.service.files.ManifestQuery;
import io.aetherfs.service.page.PageRequest;
import io.aetherfs.service.persistence.MergeReport;
import io.aetherfs.service.persistence.MergeRequest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The core scenario of the issue, through the service layer on in-memory stores. */
class ScenarioTest {
    private final Fixture f = new Fixture();

    @AfterEach
    void close() {
        f.close();
    }

    private MergeReport merge(
            SessionId target,
            SessionId source,
            TreeMerge.Strategy s,
            Map<FsPath, TreeMerge.Side> res,
            boolean parentMerge) {
        return f.services
                .merges()
                .merge(f.alice, new MergeRequest(target, source, s, res, true, false, parentMerge, null));
    }

    @Test
    void blankSession_forkEditCheckpointRestoreCommitMergeConflictResolveExport() throws Exception {
        SessionId main = f.newSession();
        for (int i = 0; i < 1000; i++) {
            f.write(main, "src/pkg" + (i % 10) + "/file" + i + ".txt", "line one\nline two " + i + "\nline three\n");
        }
        SessionId fork = f.services
                .sessions()
                .fork(f.alice, main, Map.of("role", "agent"), null, "fork")
                .session()
                .id();
        assertThat(f.services.sessions().get(f.alice, fork).fingerprint())
                .isEqualTo(f.services.sessions().get(f.alice, main).fingerprint());

        // divergent, non-overlapping edits
        f.write(main, "src/pkg1/file1.txt", "line one\nline two 1 (main)\nline three\n");
        f.write(fork, "src/pkg2/file2.txt", "line one\nline two 2 (fork)\nline three\n");
        f.write(fork, "NEW.md", "from the fork\n");

        // checkpoint, damage, restore
        Checkpoint ck = f.services.checkpoints().create(f.alice, fork, "good", null);
        f.services.namespace().rmdir(f.alice, fork, FsPath.parse("src"), true, null);
        assertThat(f.services
                        .fileReads()
                        .manifest(f.alice, fork, new ManifestQuery(FsPath.ROOT, true, false), PageRequest.FIRST)
                        .entries())
                .hasSize(1);
        f.services.checkpoints().restore(f.alice, fork, ck.id(), false, null);
        assertThat(f.read(fork, "src/pkg2/file2.txt")).contains("(fork)");
        assertThat(f.services.sessions().get(f.alice, fork).fingerprint()).isEqualTo(ck.fingerprint());

        Commit c = f.services.commits().commit(f.alice, fork, "fork work", null, false);
        assertThat(c.stats().added()).isEqualTo(1);
        assertThat(c.stats().modified()).isEqualTo(1);

        // merge that succeeds: fork into main
        MergeReport ok = merge(main, fork, TreeMerge.Strategy.FAIL_ON_CONFLICT, Map.of(), true);
        assertThat(ok.result()).isEqualTo(MergeReport.Result.MERGED);
        assertThat(f.read(main, "NEW.md")).isEqualTo("from the fork\n");
        assertThat(f.read(main, "src/pkg1/file1.txt")).contains("(main)");
        assertThat(f.read(main, "src/pkg2/file2.txt")).contains("(fork)");

        // merge that conflicts: both change the same line
        f.write(main, "NEW.md", "main's version\n");
        f.write(fork, "NEW.md", "fork's version\n");
        String before = f.services.sessions().get(f.alice, main).fingerprint();
        MergeReport bad = merge(main, fork, TreeMerge.Strategy.FAIL_ON_CONFLICT, Map.of(), true);
        assertThat(bad.result()).isEqualTo(MergeReport.Result.CONFLICT);
        assertThat(bad.conflicts()).extracting(MergeReport.Conflict::path).containsExactly(FsPath.parse("NEW.md"));
        var afterConflict = f.services.sessions().get(f.alice, main);
        assertThat(afterConflict.fingerprint()).isEqualTo(before);
        assertThat(afterConflict.session().status()).isEqualTo(SessionStatus.CONFLICT);
        assertThat(afterConflict.session().lifecycle().conflict().paths()).containsExactly("NEW.md");

        // resolution by per-path choice
        MergeReport resolved = merge(
                main,
                fork,
                TreeMerge.Strategy.FAIL_ON_CONFLICT,
                Map.of(FsPath.parse("NEW.md"), TreeMerge.Side.THEIRS),
                true);
        assertThat(resolved.result()).isEqualTo(MergeReport.Result.MERGED);
        assertThat(f.read(main, "NEW.md")).isEqualTo("fork's version\n");
        assertThat(f.services.sessions().get(f.alice, main).session().status()).isEqualTo(SessionStatus.ACTIVE);

        // export as tar.gz and compare every file
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        f.services
                .exports()
                .open(f.alice, main, ArchiveFormat.TAR_GZ, "working", FsPath.ROOT)
                .writeTo(out);
        Map<String, String> files = new HashMap<>();
        try (ArchiveReader r =
                ArchiveReader.openDetect(new ByteArrayInputStream(out.toByteArray()), ArchiveLimits.DEFAULTS)) {
            ArchiveEntry e;
            while ((e = r.next()) != null) {
                if (e.type() == io.aetherfs.service.archive.ArchiveEntryType.FILE) {
                    files.put(e.path(), new String(r.content().readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
        assertThat(files).hasSize(1001);
        for (Map.Entry<String, String> e : files.entrySet()) {
            assertThat(e.getValue()).isEqualTo(f.read(main, e.getKey()));
        }

        var events = f.services
                .events()
                .list(
                        f.alice,
                        main,
                        new EventQuery(
                                null, null, Set.of(EventType.MERGE_CONFLICTED, EventType.MERGE_COMPLETED), 0, null),
                        PageRequest.FIRST);
        assertThat(events.items())
                .extracting(e -> e.type())
                .containsExactly(EventType.MERGE_COMPLETED, EventType.MERGE_CONFLICTED, EventType.MERGE_COMPLETED);
    }

    @Test
    void otherTenantsSessions_areNotFound_andStaleHashWritesNothing() {
        SessionId id = f.newSession();
        f.write(id, "a.txt", "one");
        assertThatThrownBy(() -> f.services.sessions().get(f.mallory, id))
                .isInstanceOf(AfsException.class)
                .extracting(e -> ((AfsException) e).code())
                .isEqualTo(ErrorCode.NOT_FOUND);
        long eventsBefore =
                f.services.sessions().get(f.alice, id).session().head().eventSeq();
        assertThatThrownBy(() ->
                        f.services.namespace().deleteFile(f.alice, id, FsPath.parse("a.txt"), "0".repeat(64), null))
                .isInstanceOf(AfsException.class)
                .extracting(e -> ((AfsException) e).reason())
                .isEqualTo(Reason.STALE_EXPECTED_HASH);
        assertThat(f.read(id, "a.txt")).isEqualTo("one");
        assertThat(f.services.sessions().get(f.alice, id).session().head().eventSeq())
                .isEqualTo(eventsBefore);
    }

    @Test
    void manifest_listsByteWisePathOrder_acrossPages() {
        SessionId id = f.newSession();
        for (String p : new String[] {"foo/a", "foo.txt", "foo-bar", "foo/b/c", "zed", "a"}) {
            f.write(id, p, p);
        }
        StringBuilder all = new StringBuilder();
        PageRequest page = new PageRequest(2, "");
        while (true) {
            Manifest m =
                    f.services.fileReads().manifest(f.alice, id, new ManifestQuery(FsPath.ROOT, true, false), page);
            m.entries().forEach(e -> all.append(e.path()).append(' '));
            if (m.nextPageToken().isEmpty()) {
                break;
            }
            page = new PageRequest(2, m.nextPageToken());
        }
        assertThat(all.toString().trim()).isEqualTo("a foo foo-bar foo.txt foo/a foo/b foo/b/c zed");
    }
}
