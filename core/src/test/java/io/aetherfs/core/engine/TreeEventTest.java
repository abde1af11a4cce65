package io.aetherfs.core.engine;

import static io.aetherfs.core.engine.EngineTest.A;
import static io.aetherfs.core.engine.EngineTest.T;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.model.Event;
import io.aetherfs.core.model.EventType;
import io.aetherfs.core.model.FsPath;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.tree.TreeOp;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Tree writes record their events structurally: the change that applies an op appends its event. */
class TreeEventTest {
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

    private static FsPath p(String path) {
        return FsPath.parse(path);
    }

    @Test
    void apply_appendsTheEventDerivedFromTheOp_withoutTheCallerAppendingIt() {
        SessionId id = base.create();
        long inode = engine.inodes().allocate(T, 8);
        engine.execute(T, A, ctx -> {
            ctx.apply(id, new TreeOp.Mkdir(p("d"), 0700, 0, 0, 1, false, inode));
            ctx.apply(id, new TreeOp.Symlink(p("d/l"), "../t", 0, 0, 1, false, inode + 1));
            ctx.apply(id, new TreeOp.Rename(p("d/l"), p("d/m"), false, false, 1));
            return null;
        });

        List<Event> events = events(id);
        assertThat(events)
                .extracting(Event::type)
                .containsExactly(
                        EventType.SESSION_CREATED,
                        EventType.DIRECTORY_CREATED,
                        EventType.SYMLINK_CREATED,
                        EventType.PATH_RENAMED);
        assertThat(events.get(1).details()).isEqualTo(Map.of("mode", 0700));
        assertThat(events.get(2).path()).isEqualTo("d/l");
        assertThat(events.get(3).path()).isEqualTo("d/m");
        assertThat(events.get(3).details()).isEqualTo(Map.of("fromPath", "d/l", "toPath", "d/m", "exchange", false));
    }

    @Test
    void apply_withANote_addsWhatOnlyTheCallerKnows_andNamesTheRemovedEntrysType() {
        SessionId id = base.create();
        base.write(id, "f", "x");

        engine.execute(T, A, ctx -> ctx.apply(id, new TreeOp.Remove(p("f"), 2), e -> e.with("unlink", true)));

        Event removed = events(id).getLast();
        assertThat(removed.type()).isEqualTo(EventType.FILE_DELETED);
        assertThat(removed.details()).isEqualTo(Map.of("type", "FILE", "unlink", true));
    }

    @Test
    void anOpThatFails_leavesNeitherTreeChangeNorEvent() {
        SessionId id = base.create();

        assertThatThrownBy(() -> engine.execute(T, A, ctx -> ctx.apply(id, new TreeOp.Remove(p("absent"), 1))))
                .isInstanceOf(AfsException.class);

        assertThat(events(id)).hasSize(1);
        assertThat(engine.snapshot(T, id).session().head().walSeq()).isZero();
    }

    @Test
    void replaceTree_appendsTheEventItIsGiven() {
        SessionId id = base.create();
        base.write(id, "f", "x");

        engine.execute(
                T,
                A,
                ctx -> ctx.replaceTree(
                        id,
                        EngineTest.emptyRoot(),
                        new TreeEvent(EventType.SESSION_RESTORED, null, Map.of("why", "test"))));

        Event last = events(id).getLast();
        assertThat(last.type()).isEqualTo(EventType.SESSION_RESTORED);
        assertThat(last.details()).isEqualTo(Map.of("why", "test"));
        assertThat(engine.snapshot(T, id).tree().stats().files()).isZero();
    }
}
