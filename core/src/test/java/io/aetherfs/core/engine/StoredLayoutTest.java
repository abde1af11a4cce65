package io.aetherfs.core.engine;

import static io.aetherfs.core.engine.EngineTest.A;
import static io.aetherfs.core.engine.EngineTest.T;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aetherfs.core.model.Hash;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.spi.KeyRange;
import io.aetherfs.core.spi.KeyValue;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The ranges the maintenance tools scan hold exactly what the engine and record kinds write there. */
class StoredLayoutTest {
    final EngineTest base = new EngineTest();
    final Engine engine = base.engine;

    @AfterEach
    void close() {
        engine.close();
    }

    private static RecordType<String, String> kind(RecordLayout layout) {
        return RecordType.<String, String>builder("test", layout)
                .idPart(id -> id)
                .json(String.class)
                .events(RecordEvent.Rule.none())
                .build();
    }

    private List<String> keys(KeyRange range) {
        return base.scan(range).stream().map(KeyValue::key).toList();
    }

    @Test
    void rootRecordRanges_holdTheRecordsOfEverySession_andNothingElse() {
        SessionId a = base.create();
        SessionId b = base.create();
        engine.execute(T, A, ctx -> {
            ctx.records(kind(RecordLayout.CHECKPOINTS), a).put("ckpt_a", "x");
            ctx.records(kind(RecordLayout.CHECKPOINTS), b).put("ckpt_b", "x");
            ctx.records(kind(RecordLayout.COMMITS), a).put("commit_a", "x");
            ctx.records(kind(RecordLayout.MERGE_BASES), a).put(b.value(), "x");
            ctx.records(kind(RecordLayout.perSession("note")), a).put("n1", "x");
            return null;
        });
        engine.records(T).write(tx -> {
            tx.records(kind(RecordLayout.IDEMPOTENCY), null).put("k1", "x");
            return null;
        });

        assertThat(keys(StoredLayout.sessions())).containsExactlyInAnyOrder("s/" + a.value(), "s/" + b.value());
        assertThat(keys(StoredLayout.checkpoints()))
                .containsExactlyInAnyOrder("c/" + a.value() + "/ckpt_a", "c/" + b.value() + "/ckpt_b");
        assertThat(keys(StoredLayout.commits())).containsExactly("m/" + a.value() + "/commit_a");
        assertThat(keys(StoredLayout.mergeBases())).containsExactly("mb/" + a.value() + "/" + b.value());
        assertThat(keys(StoredLayout.idempotencyRecords())).containsExactly("ik/k1");
        assertThatThrownBy(() -> RecordLayout.perSession("note").everyRecord())
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void logAndObjectKeys_nameWhatTheEngineStored() {
        SessionId id = base.create();
        base.write(id, "a.txt", "hello");
        base.write(id, "b.txt", "world");

        assertThat(keys(StoredLayout.log(id, 1, 2)))
                .containsExactly(StoredLayout.logRow(id, 1), StoredLayout.logRow(id, 2));
        assertThat(keys(StoredLayout.log(id, 2, 2))).containsExactly(StoredLayout.logRow(id, 2));
        assertThat(keys(StoredLayout.inlineExtents())).hasSize(2).allSatisfy(k -> assertThat(
                        StoredLayout.inlineExtent(StoredLayout.hashOf(k)))
                .isEqualTo(k));

        engine.flushAll();
        List<String> nodes = keys(StoredLayout.nodes());
        assertThat(nodes).isNotEmpty().allSatisfy(k -> assertThat(StoredLayout.node(StoredLayout.hashOf(k)))
                .isEqualTo(k));
        Hash root = engine.snapshot(T, id).session().head().root();
        assertThat(nodes).contains(StoredLayout.node(root));
        assertThat(keys(StoredLayout.log(id, 1, 2))).isEmpty();
        assertThat(keys(StoredLayout.canonicalMemos())).isNotEmpty();
    }
}
