package io.aetherfs.service;

import static io.aetherfs.service.Errors.code;
import static io.aetherfs.service.Errors.reason;
import static org.assertj.core.api.Assertions.assertThat;

import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.ErrorCode;
import io.aetherfs.core.error.Reason;
import io.aetherfs.core.model.Event;
import io.aetherfs.core.model.EventType;
import io.aetherfs.core.model.FsPath;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.service.annotations.Annotation;
import io.aetherfs.service.annotations.AnnotationStatus;
import io.aetherfs.service.annotations.Annotations;
import io.aetherfs.service.approvals.ApprovalReason;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.auth.Scope;
import io.aetherfs.service.events.EventQuery;
import io.aetherfs.service.page.Page;
import io.aetherfs.service.page.PageRequest;
import io.aetherfs.service.session.CapabilitiesPatch;
import io.aetherfs.service.session.SessionUpdate;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Annotations on the in-memory engine: validation, the expected-hash guard, status changes, filters and events. */
class AnnotationsTest {
    private final Fixture f = new Fixture();
    private final Annotations annotations = f.services.annotations();
    private final FsPath file = FsPath.parse("src/a.go");

    @AfterEach
    void close() {
        f.close();
    }

    private String hashOf(SessionId id, String path) {
        return f.services.fileReads().stat(f.alice, id, FsPath.parse(path)).hash();
    }

    private List<Event> events(SessionId id, EventType type) {
        return f.services
                .events()
                .list(f.alice, id, new EventQuery(null, null, Set.of(type), 0, null), PageRequest.FIRST)
                .items();
    }

    @Test
    void add_recordsTheHashAndAnEvent_onAPendingApprovalSessionToo() {
        SessionId id = f.newSession();
        f.write(id, "src/a.go", "package a\n");
        f.services.approvals().request(f.alice, id, ApprovalReason.OTHER, null, null);
        Annotation a = annotations.add(f.bob, id, file, 1, "why?", List.of("needs-review"), hashOf(id, "src/a.go"));
        assertThat(a.id().value()).startsWith("ann_");
        assertThat(a.status()).isEqualTo(AnnotationStatus.OPEN);
        assertThat(a.contentHash()).isEqualTo(hashOf(id, "src/a.go"));
        assertThat(a.author()).isEqualTo("bob");
        assertThat(annotations.get(f.alice, id, a.id())).isEqualTo(a);
        Event e = events(id, EventType.ANNOTATION_ADDED).getFirst();
        assertThat(e.path()).isEqualTo("src/a.go");
        assertThat(e.details()).containsEntry("annotationId", a.id().value());
        assertThat(annotations
                        .add(f.bob, id, FsPath.parse("src"), 0, "the package", null, null)
                        .contentHash())
                .isEqualTo(hashOf(id, "src"));
    }

    @Test
    void add_withAStaleExpectedHash_isRefusedWithTheCurrentHash() {
        SessionId id = f.newSession();
        f.write(id, "src/a.go", "package a\n");
        String old = hashOf(id, "src/a.go");
        f.write(id, "src/a.go", "package b\n");
        AfsException e = reason(Reason.STALE_EXPECTED_HASH, () -> annotations.add(f.bob, id, file, 1, "x", null, old));
        assertThat(e.metadata()).containsEntry("currentHash", hashOf(id, "src/a.go"));
        assertThat(e.getMessage()).contains(hashOf(id, "src/a.go"));
        assertThat(events(id, EventType.ANNOTATION_ADDED)).isEmpty();
    }

    @Test
    void add_refusesBadInput_missingPaths_disabledCapability_andOtherTenants() {
        SessionId id = f.newSession();
        f.write(id, "src/a.go", "package a\n");
        reason(Reason.PATH_NOT_FOUND, () -> annotations.add(f.bob, id, FsPath.parse("nope"), 0, "x", null, null));
        code(ErrorCode.INVALID_ARGUMENT, () -> annotations.add(f.bob, id, file, -1, "x", null, null));
        code(ErrorCode.INVALID_ARGUMENT, () -> annotations.add(f.bob, id, file, 0, "", null, null));
        code(ErrorCode.INVALID_ARGUMENT, () -> annotations.add(f.bob, id, file, 0, "x".repeat(16385), null, null));
        assertThat(annotations.add(f.bob, id, file, 0, "x".repeat(16384), null, null))
                .isNotNull();
        code(
                ErrorCode.INVALID_ARGUMENT,
                () -> annotations.add(f.bob, id, file, 0, "x", Collections.nCopies(33, "l"), null));
        code(ErrorCode.INVALID_ARGUMENT, () -> annotations.add(f.bob, id, file, 0, "x", List.of("l".repeat(64)), null));
        code(ErrorCode.INVALID_ARGUMENT, () -> annotations.add(f.bob, id, file, 0, "x", List.of(""), null));
        code(ErrorCode.INVALID_ARGUMENT, () -> annotations.add(f.bob, id, file, 0, "x", null, "abc"));
        code(ErrorCode.NOT_FOUND, () -> annotations.add(f.mallory, id, file, 0, "x", null, null));
        Caller reader = new Caller(Fixture.TENANT, "rita", EnumSet.of(Scope.SESSION_READ), "t", "1");
        code(ErrorCode.PERMISSION_DENIED, () -> annotations.add(reader, id, file, 0, "x", null, null));
        f.services.sessions().update(f.alice, id, capabilities(false));
        reason(Reason.CAPABILITY_DISABLED, () -> annotations.add(f.bob, id, file, 0, "x", null, null));
    }

    private static SessionUpdate capabilities(boolean annotations) {
        return new SessionUpdate(
                Set.of("capabilities"),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                new CapabilitiesPatch(null, null, annotations));
    }

    @Test
    void updateStatus_resolvesAndReopens_recordingEachChangeOnce() {
        SessionId id = f.newSession();
        f.write(id, "src/a.go", "package a\n");
        Annotation a = annotations.add(f.bob, id, file, 3, "typo", null, null);
        Annotation resolved = annotations.updateStatus(f.alice, id, a.id(), AnnotationStatus.RESOLVED, "fixed");
        assertThat(resolved.resolvedBy()).isEqualTo("alice");
        assertThat(resolved.resolvedAt()).isNotNull();
        assertThat(resolved.comment()).isEqualTo("typo");
        annotations.updateStatus(f.alice, id, a.id(), AnnotationStatus.RESOLVED, null);
        Annotation open = annotations.updateStatus(f.bob, id, a.id(), AnnotationStatus.OPEN, null);
        assertThat(open.resolvedBy()).isNull();
        List<Event> changes = events(id, EventType.ANNOTATION_STATUS_CHANGED);
        assertThat(changes).hasSize(2);
        assertThat(changes.getFirst().details())
                .containsEntry("from", "ANNOTATION_STATUS_OPEN")
                .containsEntry("to", "ANNOTATION_STATUS_RESOLVED")
                .containsEntry("comment", "fixed");
        code(ErrorCode.INVALID_ARGUMENT, () -> annotations.updateStatus(f.alice, id, a.id(), null, null));
        code(
                ErrorCode.NOT_FOUND,
                () -> annotations.updateStatus(f.alice, id, Annotations.parseId("ann_x"), AnnotationStatus.OPEN, null));
        code(ErrorCode.NOT_FOUND, () -> annotations.get(f.mallory, id, a.id()));
    }

    @Test
    void list_filtersByPathStatusAndLabel_inTheOrderAdded_inPages() {
        SessionId id = f.newSession();
        f.write(id, "src/a.go", "a\n");
        f.write(id, "b.go", "b\n");
        Annotation a1 = annotations.add(f.bob, id, file, 1, "one", List.of("needs-review"), null);
        Annotation a2 = annotations.add(f.bob, id, FsPath.parse("b.go"), 1, "two", List.of("ready-to-commit"), null);
        Annotation a3 = annotations.add(f.bob, id, file, 2, "three", List.of("needs-review"), null);
        annotations.updateStatus(f.alice, id, a3.id(), AnnotationStatus.RESOLVED, null);
        assertThat(annotations
                        .list(f.alice, id, null, null, null, PageRequest.FIRST)
                        .items())
                .extracting(Annotation::id)
                .containsExactly(a1.id(), a2.id(), a3.id());
        assertThat(annotations
                        .list(f.alice, id, file, null, null, PageRequest.FIRST)
                        .items())
                .extracting(Annotation::id)
                .containsExactly(a1.id(), a3.id());
        assertThat(annotations
                        .list(f.alice, id, null, AnnotationStatus.OPEN, "needs-review", PageRequest.FIRST)
                        .items())
                .extracting(Annotation::id)
                .containsExactly(a1.id());
        Page<Annotation> p1 = annotations.list(f.alice, id, null, null, null, new PageRequest(2, ""));
        assertThat(p1.items()).extracting(Annotation::id).containsExactly(a1.id(), a2.id());
        Page<Annotation> p2 = annotations.list(f.alice, id, null, null, null, new PageRequest(2, p1.nextPageToken()));
        assertThat(p2.items()).extracting(Annotation::id).containsExactly(a3.id());
        assertThat(p2.nextPageToken()).isEmpty();
        code(
                ErrorCode.INVALID_ARGUMENT,
                () -> annotations.list(f.alice, id, file, null, null, new PageRequest(2, p1.nextPageToken())));
    }
}
