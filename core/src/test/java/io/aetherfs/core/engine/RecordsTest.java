package io.aetherfs.core.engine;

import static io.aetherfs.core.engine.EngineTest.A;
import static io.aetherfs.core.engine.EngineTest.T;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.ErrorCode;
import io.aetherfs.core.model.Event;
import io.aetherfs.core.model.EventType;
import io.aetherfs.core.model.SessionId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Typed records over the engine: a kind defined here, in test code, as a new resource would be, whose
 * writes land in the session's event log without the test appending any event.
 */
class RecordsTest {
    /** A new kind of record: a note on a path, created and resolved. */
    record Note(String id, String path, String text, boolean resolved) {}

    static final RecordType<String, Note> NOTES = RecordType.<String, Note>builder(
                    "note", RecordLayout.perSession("note"))
            .idPart(id -> id)
            .idOf(Note::id)
            .json(Note.class)
            .events((before, after) -> {
                if (before == null) {
                    return RecordEvent.of(EventType.ANNOTATION_ADDED, after.path(), Map.of("noteId", after.id()));
                }
                if (after != null && after.resolved() != before.resolved()) {
                    return RecordEvent.of(
                            EventType.ANNOTATION_STATUS_CHANGED, after.path(), Map.of("resolved", after.resolved()));
                }
                return null;
            })
            .build();

    /** A kind beside the sessions whose writes record nothing. */
    static final RecordType<String, String> LABELS = RecordType.<String, String>builder(
                    "label", RecordLayout.perTenant("label"))
            .idPart(id -> id)
            .json(String.class)
            .events(RecordEvent.Rule.none())
            .build();

    final EngineTest base = new EngineTest();
    final Engine engine = base.engine;

    @AfterEach
    void close() {
        engine.close();
    }

    private List<Event> events(SessionId id) {
        return engine.records(T)
                .of(EngineRecords.EVENTS, id)
                .list(RecordQuery.first(100))
                .items();
    }

    @Test
    void writesOfANewKind_recordTheirEvents_inTheSameChange() {
        SessionId id = base.create();
        engine.execute(T, A, ctx -> {
            ctx.records(NOTES, id).put(new Note("n1", "a.txt", "check this", false));
            return null;
        });
        engine.execute(T, A, ctx -> {
            Records<String, Note> notes = ctx.records(NOTES, id);
            notes.put(new Note("n1", "a.txt", "check this", true));
            notes.put(new Note("n1", "a.txt", "checked", true)); // no status change: no event
            return null;
        });

        assertThat(events(id))
                .extracting(Event::type)
                .containsExactly(
                        EventType.SESSION_CREATED, EventType.ANNOTATION_ADDED, EventType.ANNOTATION_STATUS_CHANGED);
        assertThat(events(id).get(1).path()).isEqualTo("a.txt");
        assertThat(events(id).get(1).details()).containsEntry("noteId", "n1");
        assertThat(engine.records(T).of(NOTES, id).require("n1").text()).isEqualTo("checked");
    }

    @Test
    void aFailedChange_leavesNeitherTheRecordNorItsEvent() {
        SessionId id = base.create();
        assertThatThrownBy(() -> engine.execute(T, A, ctx -> {
                    ctx.records(NOTES, id).put(new Note("n1", "a.txt", "x", false));
                    throw AfsException.invalid("refused after the write");
                }))
                .isInstanceOf(AfsException.class);

        assertThat(engine.records(T).of(NOTES, id).get("n1")).isEmpty();
        assertThat(events(id)).extracting(Event::type).containsExactly(EventType.SESSION_CREATED);
    }

    @Test
    void list_pagesInIdOrderAndReversed_andRequireNamesWhatIsMissing() {
        SessionId id = base.create();
        engine.execute(T, A, ctx -> {
            for (String n : List.of("n3", "n1", "n2", "n4")) {
                ctx.records(NOTES, id).put(new Note(n, "p", n, false));
            }
            return null;
        });
        Records<String, Note> notes = engine.records(T).of(NOTES, id);

        RecordPage<Note> first = notes.list(RecordQuery.first(3));
        assertThat(first.items()).extracting(Note::id).containsExactly("n1", "n2", "n3");
        assertThat(first.more()).isTrue();
        RecordPage<Note> rest = notes.list(RecordQuery.<String>first(3).after("n3"));
        assertThat(rest.items()).extracting(Note::id).containsExactly("n4");
        assertThat(rest.more()).isFalse();
        assertThat(notes.list(RecordQuery.<String>last(2).after("n3")).items())
                .extracting(Note::id)
                .containsExactly("n2", "n1");
        assertThat(notes.list(RecordQuery.<String>first(10).until("n3")).items())
                .extracting(Note::id)
                .containsExactly("n1", "n2");
        assertThatThrownBy(() -> notes.require("n9"))
                .isInstanceOfSatisfying(
                        AfsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND))
                .hasMessage("note n9 not found in session " + id);
    }

    @Test
    void deletingASession_deletesItsRecordsOfNewKinds() {
        SessionId id = base.create();
        SessionId other = base.create();
        engine.execute(T, A, ctx -> {
            ctx.records(NOTES, id).put(new Note("n1", "p", "x", false));
            ctx.records(NOTES, other).put(new Note("n1", "p", "y", false));
            return null;
        });
        engine.execute(T, A, ctx -> {
            ctx.deleteSession(id);
            return null;
        });

        assertThat(engine.records(T).of(NOTES, id).get("n1")).isEmpty();
        assertThat(engine.records(T).of(NOTES, other).get("n1")).isPresent();
    }

    @Test
    void outsideAChange_recordsAreReadOnly_butATransactionWritesKindsWithoutEvents() {
        SessionId id = base.create();
        assertThatThrownBy(() -> engine.records(T).of(NOTES, id).put(new Note("n1", "p", "x", false)))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> engine.records(T).write(tx -> {
                    tx.records(NOTES, id).put(new Note("n1", "p", "x", false));
                    return null;
                }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("must run in a change");

        engine.records(T).write(tx -> {
            tx.records(LABELS, null).put("team", "storage");
            return null;
        });
        assertThat(engine.records(T).of(LABELS, null).get("team")).contains("storage");
        assertThatThrownBy(() -> engine.records(T).of(LABELS, id)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> engine.execute(T, A, ctx -> {
                    ctx.records(EngineRecords.EVENTS, id).delete(1L);
                    return null;
                }))
                .isInstanceOf(AfsException.class)
                .hasCauseInstanceOf(IllegalStateException.class);
    }

    @Test
    void deploymentRecords_liveOutsideTheChangesTenant_andCommitOrFailWithIt() {
        SessionId id = base.create();
        engine.execute(T, A, ctx -> {
            ctx.deploymentRecords(LABELS).put("region", "eu");
            ctx.appendEvent(id, EventType.SECRET_SET, null, Map.of("name", "region"));
            return null;
        });
        assertThatThrownBy(() -> engine.execute(T, A, ctx -> {
                    ctx.deploymentRecords(LABELS).put("region", "us");
                    throw new AfsException(ErrorCode.FAILED_PRECONDITION, "no");
                }))
                .isInstanceOf(AfsException.class);

        assertThat(engine.records(io.aetherfs.core.model.TenantId.DEPLOYMENT)
                        .of(LABELS, null)
                        .get("region"))
                .contains("eu");
        assertThat(engine.records(T).of(LABELS, null).get("region")).isEmpty();
        assertThat(events(id).getLast().type()).isEqualTo(EventType.SECRET_SET);
        engine.execute(T, A, ctx -> {
            assertThat(ctx.deploymentRecords(LABELS).get("region")).contains("eu");
            assertThat(ctx.deploymentRecords(LABELS).delete("region")).isTrue();
            return null;
        });
        assertThat(engine.records(io.aetherfs.core.model.TenantId.DEPLOYMENT)
                        .of(LABELS, null)
                        .get("region"))
                .isEmpty();
    }
}
