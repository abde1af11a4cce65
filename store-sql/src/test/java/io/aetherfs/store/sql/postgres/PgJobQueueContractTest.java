package io.aetherfs.store.sql.postgres;

import io.aetherfs.core.spi.JobQueue;
import io.aetherfs.testkit.AbstractJobQueueContractTest;
import io.aetherfs.testkit.TestClock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/**
 * Runs the job queue contract against a real PostgreSQL: a fresh database per test, and each node a
 * {@link PostgresMetaStore} with its own connection pool on it, as separate server nodes would be.
 */
class PgJobQueueContractTest extends AbstractJobQueueContractTest {
    private final List<PostgresMetaStore> stores = new ArrayList<>();
    private PostgresSettings settings;

    @Override
    protected JobQueue openNode(TestClock clock) {
        if (settings == null) {
            settings = PgTestSettings.freshDatabase("jobs");
        }
        PostgresMetaStore store = PostgresMetaStore.open(settings);
        stores.add(store);
        return store.jobs(clock);
    }

    @Override
    protected boolean sharedByNodes() {
        return true;
    }

    @AfterEach
    void closeStores() {
        stores.forEach(PostgresMetaStore::close);
    }
}
