package io.aetherfs.service;

import static io.aetherfs.service.Errors.code;
import static io.aetherfs.service.Errors.reason;
import static org.assertj.core.api.Assertions.assertThat;

import io.aetherfs.core.error.ErrorCode;
import io.aetherfs.core.error.Reason;
import io.aetherfs.core.model.EventType;
import io.aetherfs.core.model.FsPath;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.model.SessionStatus;
import io.aetherfs.core.model.Visibility;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.auth.Scope;
import io.aetherfs.service.events.EventQuery;
import io.aetherfs.service.page.Page;
import io.aetherfs.service.page.PageRequest;
import io.aetherfs.service.session.CapabilitiesPatch;
import io.aetherfs.service.session.CreateSession;
import io.aetherfs.service.session.SessionFilter;
import io.aetherfs.service.session.SessionUpdate;
import io.aetherfs.service.session.SessionView;
import io.aetherfs.testkit.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Session lifecycle rules of spec §8.1, §8.2, §8.6, §8.7. */
class SessionLifecycleTest {
    private final Fixture f = new Fixture();

    @AfterEach
    void close() {
        f.close();
    }

    private SessionView create(Caller c, Map<String, String> tags, Visibility v, List<String> shared) {
        return f.services
                .sessions()
                .create(c, new CreateSession(null, tags, null, null, null, null, v, shared, null, null));
    }

    @Test
    void create_defaults_emptyFingerprintAndCapabilities() {
        SessionView s = create(f.alice, Map.of(), null, null);
        assertThat(s.fingerprint()).isEqualTo("f75e78fd1810b64feddf92973caa41be42718afc");
        assertThat(s.session().origin().baseFingerprint()).isEqualTo(s.fingerprint());
        assertThat(s.session().settings().capabilities().commit()).isTrue();
        assertThat(s.session().settings().capabilities().approvals()).isFalse();
        assertThat(s.session().settings().owner()).isEqualTo("alice");
        assertThat(s.session().status()).isEqualTo(SessionStatus.ACTIVE);
    }

    @Test
    void create_invalidFields_areRejectedWithoutCreatingAnything() {
        Map<String, String> tooMany = new HashMap<>();
        for (int i = 0; i < 65; i++) {
            tooMany.put("k" + i, "v");
        }
        code(ErrorCode.INVALID_ARGUMENT, () -> create(f.alice, tooMany, null, null));
        code(ErrorCode.INVALID_ARGUMENT, () -> create(f.alice, Map.of("x".repeat(64), "v"), null, null));
        code(ErrorCode.INVALID_ARGUMENT, () -> f.services
                .sessions()
                .create(
                        f.alice,
                        new CreateSession(null, null, null, "d".repeat(201), null, null, null, null, null, null)));
        code(ErrorCode.INVALID_ARGUMENT, () -> f.services
                .sessions()
                .create(f.alice, new CreateSession(null, null, null, null, null, null, null, null, null, -5L)));
        assertThat(f.services
                        .sessions()
                        .list(f.alice, new SessionFilter(null, null, null, null, null, null), PageRequest.FIRST)
                        .items())
                .isEmpty();
    }

    @Test
    void list_filtersPagesNewestFirst_andHidesPrivateSessions() {
        List<SessionId> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            ids.add(create(f.alice, Map.of("team", i % 2 == 0 ? "even" : "odd"), null, null)
                    .session()
                    .id());
        }
        SessionId secret = create(f.alice, Map.of("team", "even"), Visibility.PRIVATE, List.of("carol"))
                .session()
                .id();
        SessionFilter even = new SessionFilter(null, Map.of("team", "even"), null, null, null, null);
        Caller reader = new Caller(Fixture.TENANT, "dave", Set.of(Scope.SESSION_READ), null, null);
        List<SessionId> seen = new ArrayList<>();
        PageRequest page = new PageRequest(2, "");
        while (true) {
            Page<SessionView> p = f.services.sessions().list(reader, even, page);
            p.items().forEach(s -> seen.add(s.session().id()));
            if (p.nextPageToken().isEmpty()) {
                break;
            }
            page = new PageRequest(2, p.nextPageToken());
        }
        assertThat(seen).containsExactly(ids.get(6), ids.get(4), ids.get(2), ids.get(0));
        assertThat(f.services.sessions().list(f.alice, even, PageRequest.FIRST).items())
                .hasSize(5);
        code(ErrorCode.NOT_FOUND, () -> f.services.sessions().get(reader, secret));
        assertThat(f.services.sessions().get(f.bob, secret).session().id())
                .isEqualTo(secret); // tenant.admin sees private sessions
        code(ErrorCode.INVALID_ARGUMENT, () -> f.services
                .sessions()
                .list(
                        f.alice,
                        new SessionFilter(Set.of(SessionStatus.ARCHIVED), null, null, null, null, null),
                        new PageRequest(2, "garbage!")));
    }

    @Test
    void update_replacesPresentFields_capabilitiesNeedAdmin() {
        SessionId id = f.newSession();
        SessionView s = f.services
                .sessions()
                .update(
                        f.alice,
                        id,
                        new SessionUpdate(
                                Set.of("tags", "displayName"),
                                Map.of("a", "b"),
                                null,
                                "renamed",
                                null,
                                null,
                                null,
                                null,
                                null));
        assertThat(s.session().settings().tags()).containsExactly(Map.entry("a", "b"));
        assertThat(s.session().settings().displayName()).isEqualTo("renamed");
        Caller writer = new Caller(Fixture.TENANT, "w", Set.of(Scope.SESSION_WRITE, Scope.SESSION_READ), null, null);
        code(ErrorCode.PERMISSION_DENIED, () -> f.services
                .sessions()
                .update(
                        writer,
                        id,
                        new SessionUpdate(
                                Set.of("capabilities"),
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                new CapabilitiesPatch(false, null, null))));
    }

    @Test
    void fork_copiesTreeTagsAndRecordsEventsOnBothSides() {
        SessionId parent = f.services
                .sessions()
                .create(
                        f.alice,
                        new CreateSession(null, Map.of("env", "dev"), null, null, null, null, null, null, null, null))
                .session()
                .id();
        f.write(parent, "a.txt", "uncommitted work");
        SessionView child = f.services.sessions().fork(f.bob, parent, Map.of("agent", "b"), null, "child");
        assertThat(f.read(child.session().id(), "a.txt")).isEqualTo("uncommitted work");
        assertThat(child.session().settings().tags()).containsOnly(Map.entry("env", "dev"), Map.entry("agent", "b"));
        assertThat(child.session().origin().parentSessionId()).isEqualTo(parent);
        assertThat(child.session().origin().forkFingerprint())
                .isEqualTo(child.session().origin().baseFingerprint())
                .isEqualTo(child.fingerprint());
        assertThat(events(parent)).contains(EventType.FORK_CREATED);
        assertThat(events(child.session().id())).containsExactly(EventType.SESSION_FORKED);
    }

    @Test
    void submitForReview_refusesMutations_untilReopened() {
        SessionId id = f.newSession();
        f.services.transitions().submitForReview(f.alice, id, "please look");
        reason(Reason.SESSION_NOT_ACTIVE, () -> f.write(id, "x", "y"));
        var e = reason(
                Reason.SESSION_NOT_ACTIVE,
                () -> f.services.namespace().mkdir(f.alice, id, FsPath.parse("d"), null, false, null));
        assertThat(e.metadata()).containsEntry("status", "SESSION_STATUS_PENDING_REVIEW");
        f.services.checkpoints().create(f.alice, id, "allowed in review", null);
        f.services.transitions().reopen(f.alice, id, null);
        f.write(id, "x", "y");
        assertThat(f.read(id, "x")).isEqualTo("y");
    }

    @Test
    void archive_thenHydrate_finishAsynchronously_andArchivedRefusesTreeReads() throws Exception {
        SessionId id = f.newSession();
        f.write(id, "x", "y");
        assertThat(f.services.transitions().archive(f.alice, id).session().status())
                .isIn(SessionStatus.ARCHIVING, SessionStatus.ARCHIVED);
        await(id, SessionStatus.ARCHIVED);
        reason(Reason.SESSION_NOT_ACTIVE, () -> f.read(id, "x"));
        f.services.transitions().hydrate(f.alice, id);
        await(id, SessionStatus.ACTIVE);
        assertThat(f.read(id, "x")).isEqualTo("y");
    }

    @Test
    void delete_removesEverything_andApprovalsCapabilityRequiresApproval() {
        SessionId id = f.newSession();
        f.write(id, "x", "y");
        f.services.sessions().delete(f.alice, id);
        code(ErrorCode.NOT_FOUND, () -> f.services.sessions().get(f.alice, id));
        SessionId guarded = f.services
                .sessions()
                .create(
                        f.alice,
                        new CreateSession(
                                null,
                                null,
                                null,
                                null,
                                null,
                                new CapabilitiesPatch(null, true, null),
                                null,
                                null,
                                null,
                                null))
                .session()
                .id();
        reason(Reason.APPROVAL_REQUIRED, () -> f.services.sessions().delete(f.alice, guarded));
        reason(Reason.APPROVAL_REQUIRED, () -> f.services.commits().commit(f.alice, guarded, "m", null, true));
    }

    @Test
    void expiry_deletesSessionsPastTheirTtl() {
        SessionId id = f.services
                .sessions()
                .create(f.alice, new CreateSession(null, null, null, null, null, null, null, null, null, 1L))
                .session()
                .id();
        f.clock.advance(Duration.ofMillis(999));
        assertThat(f.services.expiry().sweep())
                .as("a millisecond before its TTL")
                .isZero();
        f.clock.advance(Duration.ofMillis(1));
        assertThat(f.services.expiry().sweep()).isEqualTo(1);
        code(ErrorCode.NOT_FOUND, () -> f.services.sessions().get(f.alice, id));
    }

    private List<EventType> events(SessionId id) {
        return f
                .services
                .events()
                .list(f.alice, id, new EventQuery(null, null, null, 0, null), PageRequest.FIRST)
                .items()
                .stream()
                .map(e -> e.type())
                .toList();
    }

    private void await(SessionId id, SessionStatus want) {
        Await.until(
                Duration.ofSeconds(10),
                "session status " + want,
                () -> f.services.sessions().get(f.alice, id).session().status() == want,
                () -> f.services.sessions().get(f.alice, id).session().status());
    }
}
