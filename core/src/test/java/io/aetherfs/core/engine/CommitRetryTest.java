package io.aetherfs.core.engine;

import static io.aetherfs.core.engine.EngineTest.A;
import static io.aetherfs.core.engine.EngineTest.T;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.ErrorCode;
import io.aetherfs.core.memory.InMemoryBlobStore;
import io.aetherfs.core.memory.InMemoryMetaStore;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.core.spi.MetaStore;
import io.aetherfs.core.spi.ReadTx;
import io.aetherfs.core.spi.WriteTx;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A store that gives up on a write transaction with ABORTED (PostgreSQL after repeated serialization
 * failures) has written nothing, so the committer runs the batch again instead of failing its changes;
 * other store failures still reach the callers at once.
 */
class CommitRetryTest {
    /** Fails the next {@code failures} write transactions with {@code code}, before running them. */
    static final class FailingStore implements MetaStore {
        final MetaStore store = new InMemoryMetaStore();
        final AtomicInteger failures = new AtomicInteger();
        final AtomicInteger writes = new AtomicInteger();
        volatile ErrorCode code = ErrorCode.ABORTED;

        @Override
        public <R> R read(TxBody<ReadTx, R> body) {
            return store.read(body);
        }

        @Override
        public <R> R write(TxBody<WriteTx, R> body) {
            writes.incrementAndGet();
            if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw code == ErrorCode.ABORTED
                        ? AfsException.concurrentUpdate("the store gave up on this transaction (test)", null)
                        : new AfsException(code, "the store gave up on this transaction (test)");
            }
            return store.write(body);
        }

        @Override
        public List<TenantId> tenants() {
            return store.tenants();
        }

        @Override
        public Set<Feature> features() {
            return store.features();
        }

        @Override
        public void checkHealth() {}

        @Override
        public void close() {}
    }

    final FailingStore store = new FailingStore();

    @Test
    void anAbortedStoreTransaction_isRunAgainAndTheChangeSucceeds() {
        try (Engine e = new Engine(store, new InMemoryBlobStore(), Clock.systemUTC(), EngineConfig.DEFAULT)) {
            SessionId id = TwoNodes.create(e);
            Change<Void> change = TwoNodes.put(e, id, "f", "after three aborts");
            int before = store.writes.get();
            store.failures.set(3);

            e.execute(T, A, change);

            assertThat(TwoNodes.read(e, id, "f")).isEqualTo("after three aborts");
            assertThat(store.writes.get() - before)
                    .as("write transactions: 3 aborted, 1 committed")
                    .isEqualTo(4);
            assertThat(e.snapshot(T, id).session().head().eventSeq()).isEqualTo(2);
        }
    }

    @Test
    void aStoreThatKeepsAborting_failsTheChangeWithAbortedAfterAFewRuns() {
        try (Engine e = new Engine(store, new InMemoryBlobStore(), Clock.systemUTC(), EngineConfig.DEFAULT)) {
            SessionId id = TwoNodes.create(e);
            Change<Void> change = TwoNodes.put(e, id, "f", "never");
            int before = store.writes.get();
            store.failures.set(1000);

            assertThatThrownBy(() -> e.execute(T, A, change))
                    .isInstanceOfSatisfying(
                            AfsException.class, x -> assertThat(x.code()).isEqualTo(ErrorCode.ABORTED));
            assertThat(store.writes.get() - before).as("runs of the batch").isEqualTo(5);
        }
    }

    @Test
    void otherStoreFailures_reachTheCallerAtOnce() {
        try (Engine e = new Engine(store, new InMemoryBlobStore(), Clock.systemUTC(), EngineConfig.DEFAULT)) {
            SessionId id = TwoNodes.create(e);
            Change<Void> change = TwoNodes.put(e, id, "f", "lost");
            int before = store.writes.get();
            store.code = ErrorCode.UNAVAILABLE;
            store.failures.set(1);

            assertThatThrownBy(() -> e.execute(T, A, change))
                    .isInstanceOfSatisfying(
                            AfsException.class, x -> assertThat(x.code()).isEqualTo(ErrorCode.UNAVAILABLE));
            assertThat(store.writes.get() - before).isEqualTo(1);
            assertThat(e.snapshot(T, id).session().head().eventSeq()).isEqualTo(1);
        }
    }
}
