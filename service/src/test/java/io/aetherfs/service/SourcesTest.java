package io.aetherfs.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.aetherfs.core.error.ErrorCode;
import io.aetherfs.core.error.Reason;
import io.aetherfs.core.model.EventType;
import io.aetherfs.core.model.FsPath;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.model.SourceId;
import io.aetherfs.core.model.SourceRef;
import io.aetherfs.core.tree.FileEntry;
import io.aetherfs.core.tree.SymlinkEntry;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.auth.Scope;
import io.aetherfs.service.events.EventQuery;
import io.aetherfs.service.files.EntryView;
import io.aetherfs.service.files.ManifestQuery;
import io.aetherfs.service.page.PageRequest;
import io.aetherfs.service.session.CreateSession;
import io.aetherfs.service.session.SessionFilter;
import io.aetherfs.service.sources.CreateSource;
import io.aetherfs.service.sources.JobState;
import io.aetherfs.service.sources.Revision;
import io.aetherfs.service.sources.Source;
import io.aetherfs.service.sources.SourceFilter;
import io.aetherfs.service.sources.SourceJob;
import io.aetherfs.service.sources.SourceKind;
import io.aetherfs.service.sources.SourceStatus;
import io.aetherfs.service.sources.Upload;
import io.aetherfs.service.sources.UploadFormat;
import io.aetherfs.testkit.Await;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The source lifecycle on the in-memory engine: create, upload, import, sessions from revisions, delete. */
class SourcesTest {
    private final Fixture f = new Fixture();
    private final Src src = new Src();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void import_uploadedTarGz_keepsModesSymlinksEmptyDirsAndMtimes() throws IOException {
        Source s = create(f.alice, "snap");
        assertThat(s.status()).isEqualTo(SourceStatus.CREATING);
        SourceJob job = importArchive(s.id(), SourceArchives.sample());
        assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(job.filesProcessed()).isEqualTo(3);
        assertThat(job.skippedEntries()).isEqualTo(1);
        Source ready = src.sources().get(f.alice, s.id());
        assertThat(ready.status()).isEqualTo(SourceStatus.READY);
        assertThat(ready.latestRevisionId()).isEqualTo(job.revisionId());
        Revision r = src.imports().revision(f.alice, s.id(), job.revisionId());
        assertThat(r.fileCount()).isEqualTo(2);

        SessionId sess = fromSource(s.id(), null);
        assertThat(f.read(sess, "README.md")).isEqualTo("hello\n");
        Map<String, EntryView> m = manifest(sess);
        assertThat(m).containsOnlyKeys("README.md", "bin", "bin/run.sh", "link", "empty");
        assertThat(m.get("bin/run.sh").entry().attrs().mode()).isEqualTo(0755);
        assertThat(m.get("README.md").entry().attrs().mode()).isEqualTo(0644);
        assertThat(((SymlinkEntry) m.get("link").entry()).target()).isEqualTo("README.md");
        assertThat(m.get("README.md").entry().attrs().mtimeNanos()).isEqualTo(1_700_000_000_000L * 1_000_000L);
        assertThat(m.get("README.md").entry()).isInstanceOf(FileEntry.class);
        var view = f.services.sessions().get(f.alice, sess);
        assertThat(view.session().origin().baseFingerprint()).isEqualTo(r.fingerprint());
        assertThat(view.fingerprint()).isEqualTo(r.fingerprint());
        assertThat(view.session().origin().sourceRef()).isEqualTo(new SourceRef(s.id().value(), r.id().value()));

        var sessions = f.services
                .sessions()
                .list(f.alice, new SessionFilter(null, null, null, s.id().value(), null, null), PageRequest.FIRST);
        assertThat(sessions.items()).extracting(v -> v.session().id()).containsExactly(sess);

        var types = src
                .events()
                .list(f.alice, s.id(), new EventQuery(null, null, null, 0, null), PageRequest.FIRST)
                .items()
                .stream()
                .map(e -> e.type())
                .toList();
        assertThat(types)
                .containsExactly(
                        EventType.SOURCE_CREATED,
                        EventType.SOURCE_JOB_QUEUED,
                        EventType.SOURCE_JOB_STARTED,
                        EventType.REVISION_CREATED,
                        EventType.SOURCE_JOB_SUCCEEDED,
                        EventType.SOURCE_STATUS_CHANGED);
    }

    @Test
    void createSession_fromSourceNotReady_isSourceNotReady_andUnknownIsNotFound() {
        Source s = create(f.alice, "snap");
        Errors.reason(Reason.SOURCE_NOT_READY, () -> fromSource(s.id(), null));
        Errors.code(ErrorCode.NOT_FOUND, () -> fromSource(new SourceId("src_01hv0000000000000000000000"), null));
    }

    @Test
    void scopesAndTenants_localfsNeedsClusterAdmin_otherTenantsSeeNothing() {
        Caller plain = new Caller(Fixture.TENANT, "carol", Set.of(Scope.SOURCE_WRITE, Scope.SOURCE_READ), "t", "1");
        Errors.code(ErrorCode.PERMISSION_DENIED, () -> src.sources()
                .create(
                        plain,
                        new CreateSource(
                                "x",
                                SourceKind.LOCALFS,
                                SourceKind.LOCALFS,
                                new Source.Origin(null, null, null, "/tmp"),
                                null)));
        Caller reader = new Caller(Fixture.TENANT, "dave", Set.of(Scope.SOURCE_READ), "t", "1");
        Errors.code(ErrorCode.PERMISSION_DENIED, () -> create(reader, "x"));
        Source s = create(f.alice, "mine");
        Errors.code(ErrorCode.NOT_FOUND, () -> src.sources().get(f.mallory, s.id()));
        Errors.code(ErrorCode.NOT_FOUND, () -> src.sources().delete(f.mallory, s.id(), true));
        assertThat(src.sources()
                        .list(f.mallory, new SourceFilter(null, null, null), PageRequest.FIRST)
                        .items())
                .isEmpty();
        Errors.code(ErrorCode.INVALID_ARGUMENT, () -> src.sources()
                .create(f.alice, new CreateSource("x", SourceKind.GIT_REMOTE, SourceKind.LOCALFS, null, null)));
        Errors.code(ErrorCode.INVALID_ARGUMENT, () -> src.sources()
                .create(f.alice, new CreateSource("x", SourceKind.GIT_REMOTE, null, null, null)));
    }

    @Test
    void updateListAndDelete_refuseInUseUnlessForced_thenTheSourceIsGone() throws IOException {
        Source s = create(f.alice, "snap");
        create(f.alice, "other");
        Source u = src.sources()
                .update(f.alice, s.id(), Set.of("labels", "displayName"), "renamed", Map.of("template", "true"));
        assertThat(u.displayName()).isEqualTo("renamed");
        var templates = src.sources()
                .list(f.alice, new SourceFilter(null, null, Map.of("template", "true")), PageRequest.FIRST);
        assertThat(templates.items()).extracting(Source::id).containsExactly(s.id());
        assertThat(src.sources()
                        .list(
                                f.alice,
                                new SourceFilter(SourceKind.UPLOADED_SNAPSHOT, null, null),
                                new PageRequest(1, ""))
                        .nextPageToken())
                .isNotEmpty();

        importArchive(s.id(), SourceArchives.sample());
        SessionId sess = fromSource(s.id(), null);
        var e = Errors.reason(Reason.SOURCE_IN_USE, () -> src.sources().delete(f.alice, s.id(), false));
        assertThat(e.metadata()).containsEntry("sessionCount", "1");
        Source deleting = src.sources().delete(f.alice, s.id(), true);
        assertThat(deleting.status()).isEqualTo(SourceStatus.DELETING);
        Await.until(Duration.ofSeconds(10), "the source is removed", () -> {
            try {
                src.sources().get(f.alice, s.id());
                return false;
            } catch (io.aetherfs.core.error.AfsException x) {
                return x.code() == ErrorCode.NOT_FOUND;
            }
        });
        assertThat(f.read(sess, "README.md")).isEqualTo("hello\n");
    }

    @Test
    void refresh_ofUploadedKind_isFailedPrecondition_andUnknownUploadIsNotFound() throws IOException {
        Source s = create(f.alice, "snap");
        Errors.code(ErrorCode.FAILED_PRECONDITION, () -> src.imports().refresh(f.alice, s.id()));
        Errors.code(ErrorCode.NOT_FOUND, () -> src.imports()
                .startImport(f.alice, s.id(), "upl_01hv0000000000000000000000", null));
        Errors.code(ErrorCode.INVALID_ARGUMENT, () -> src.imports().startImport(f.alice, s.id(), null, null));
        byte[] archive = SourceArchives.sample();
        Upload u =
                src.uploads().upload(f.alice, s.id(), UploadFormat.TAR_GZ, 0, null, new ByteArrayInputStream(archive));
        f.clock.advance(Duration.ofHours(25));
        Errors.code(ErrorCode.NOT_FOUND, () -> src.imports().startImport(f.alice, s.id(), u.id().value(), null));
        Errors.code(ErrorCode.INVALID_ARGUMENT, () -> src.uploads()
                .upload(
                        f.alice,
                        s.id(),
                        UploadFormat.TAR_GZ,
                        archive.length + 1,
                        null,
                        new ByteArrayInputStream(archive)));
        Source bundle = src.sources().create(f.alice, new CreateSource("b", SourceKind.GIT_BUNDLE, null, null, null));
        Upload bu = src.uploads()
                .upload(f.alice, bundle.id(), UploadFormat.GIT_BUNDLE, 0, null, new ByteArrayInputStream(archive));
        Errors.code(ErrorCode.UNIMPLEMENTED, () -> src.imports()
                .startImport(f.alice, bundle.id(), bu.id().value(), null));
        Errors.code(ErrorCode.FAILED_PRECONDITION, () -> src.uploads()
                .upload(f.alice, bundle.id(), UploadFormat.TAR, 0, null, new ByteArrayInputStream(archive)));
    }

    @Test
    void promote_workingTree_createsAPromotionRevision_andASessionFromIt() throws IOException {
        Source s = create(f.alice, "snap");
        importArchive(s.id(), SourceArchives.sample());
        SessionId sess = fromSource(s.id(), null);
        f.write(sess, "new.txt", "added");
        SourceJob job = src.promotions().promote(f.alice, s.id(), sess, null, "promoted");
        SourceJob done = awaitJob(s.id(), job);
        assertThat(done.state()).as(String.valueOf(done.errorMessage())).isEqualTo(JobState.SUCCEEDED);
        Revision r = src.imports().revision(f.alice, s.id(), done.revisionId());
        assertThat(r.origin().name()).isEqualTo("PROMOTION");
        assertThat(r.promotedFromSessionId()).isEqualTo(sess.value());
        assertThat(src.sources().get(f.alice, s.id()).latestRevisionId()).isEqualTo(r.id());
        SessionId next = fromSource(s.id(), r.id().value());
        assertThat(f.read(next, "new.txt")).isEqualTo("added");
        var types = f
                .services
                .events()
                .list(
                        f.alice,
                        sess,
                        new EventQuery(
                                null,
                                null,
                                EnumSet.of(EventType.PROMOTION_REQUESTED, EventType.PROMOTION_SUCCEEDED),
                                0,
                                null),
                        PageRequest.FIRST)
                .items()
                .stream()
                .map(x -> x.type())
                .toList();
        assertThat(types).containsExactly(EventType.PROMOTION_REQUESTED, EventType.PROMOTION_SUCCEEDED);
    }

    @Test
    void promote_withApprovals_needsAGrantedPromoteSourceApproval_andConsumesIt() throws IOException {
        Source s = create(f.alice, "snap");
        importArchive(s.id(), SourceArchives.sample());
        SessionId sess = f.services
                .sessions()
                .create(
                        f.alice,
                        new CreateSession(
                                new SourceRef(s.id().value(), null),
                                null,
                                null,
                                "gated",
                                null,
                                new io.aetherfs.service.session.CapabilitiesPatch(null, true, null),
                                null,
                                null,
                                null,
                                null))
                .session()
                .id();
        f.write(sess, "new.txt", "added");
        var approvals = f.services.approvals();
        Errors.reason(io.aetherfs.core.error.Reason.APPROVAL_REQUIRED, () -> src.promotions()
                .promote(f.alice, s.id(), sess, null, "no approval"));
        var commitOnly = approvals.request(
                f.alice, sess, io.aetherfs.service.approvals.ApprovalReason.COMMIT_TO_MAIN, null, null);
        approvals.grant(f.bob, sess, commitOnly.id(), "ok");
        Errors.reason(io.aetherfs.core.error.Reason.APPROVAL_REQUIRED, () -> src.promotions()
                .promote(f.alice, s.id(), sess, null, "wrong reason"));
        var promote = approvals.request(
                f.alice, sess, io.aetherfs.service.approvals.ApprovalReason.PROMOTE_SOURCE, null, null);
        approvals.grant(f.bob, sess, promote.id(), "ship it");

        SourceJob job = src.promotions().promote(f.alice, s.id(), sess, null, "approved");
        assertThat(awaitJob(s.id(), job).state()).isEqualTo(JobState.SUCCEEDED);
        var used = approvals.get(f.alice, sess, promote.id());
        assertThat(used.state()).isEqualTo(io.aetherfs.service.approvals.ApprovalState.CONSUMED);
        assertThat(used.consumedBy()).isEqualTo("promote:" + job.id().value());
        Errors.reason(io.aetherfs.core.error.Reason.APPROVAL_REQUIRED, () -> src.promotions()
                .promote(f.alice, s.id(), sess, null, "second use"));
    }

    @Test
    void gc_keepsRevisionTreesAndUploads_longAfterTheirGracePeriod() throws IOException {
        Source s = create(f.alice, "snap");
        SourceJob job = importArchive(s.id(), SourceArchives.sample());
        f.clock.advance(Duration.ofHours(2));
        var blobs = new io.aetherfs.core.memory.InMemoryBlobStore();
        var report = new io.aetherfs.core.gc.GarbageCollector(f.meta, blobs, f.clock, Duration.ofHours(1))
                .run(Fixture.TENANT);
        assertThat(report.problems()).isEmpty();
        assertThat(report.sweptNodes()).isZero();
        assertThat(report.sweptInlineExtents()).isZero();
        assertThat(report.liveRoots()).isEqualTo(2); // the revision and the upload
        assertThat(new io.aetherfs.core.gc.Fsck(f.meta, blobs)
                        .run(Fixture.TENANT, false)
                        .clean())
                .isTrue();
        assertThat(f.read(fromSource(s.id(), job.revisionId().value()), "bin/run.sh"))
                .isEqualTo("#!/bin/sh\necho hi\n");
    }

    /** The sources use cases as {@link io.aetherfs.service.Services} hands them out. */
    private final class Src {
        io.aetherfs.service.sources.Sources sources() {
            return f.services.sources();
        }

        io.aetherfs.service.sources.SourceUploads uploads() {
            return f.services.sourceUploads();
        }

        io.aetherfs.service.sources.SourceImports imports() {
            return f.services.sourceImports();
        }

        io.aetherfs.service.sources.Promotions promotions() {
            return f.services.promotions();
        }

        io.aetherfs.service.sources.SourceEventLog events() {
            return f.services.sourceEvents();
        }
    }

    Source create(Caller c, String name) {
        return src.sources().create(c, new CreateSource(name, SourceKind.UPLOADED_SNAPSHOT, null, null, null));
    }

    SourceJob importArchive(SourceId id, byte[] archive) throws IOException {
        Upload u = src.uploads()
                .upload(f.alice, id, UploadFormat.TAR_GZ, archive.length, null, new ByteArrayInputStream(archive));
        assertThat(u.sizeBytes()).isEqualTo(archive.length);
        return awaitJob(id, src.imports().startImport(f.alice, id, u.id().value(), null));
    }

    SourceJob awaitJob(SourceId id, SourceJob job) {
        Await.until(
                Duration.ofSeconds(20),
                "job " + job.id() + " ends",
                () -> src.imports().job(f.alice, id, job.id()).state().finished());
        return src.imports().job(f.alice, id, job.id());
    }

    SessionId fromSource(SourceId id, String revision) {
        return f.services
                .sessions()
                .create(
                        f.alice,
                        new CreateSession(
                                new SourceRef(id.value(), revision),
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null))
                .session()
                .id();
    }

    Map<String, EntryView> manifest(SessionId id) {
        return f
                .services
                .fileReads()
                .manifest(f.alice, id, new ManifestQuery(FsPath.ROOT, true, false), PageRequest.FIRST)
                .entries()
                .stream()
                .collect(Collectors.toMap(v -> v.path().value(), v -> v));
    }
}
