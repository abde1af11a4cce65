package io.aetherfs.store.sql.sqlite;

import io.aetherfs.core.spi.JobQueue;
import io.aetherfs.testkit.AbstractJobQueueContractTest;
import io.aetherfs.testkit.TestClock;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the job queue contract against one SQLite file; each node is a store of its own on that file (as
 * separate processes would open it), so claims also race across writer connections.
 */
class SqliteJobQueueContractTest extends AbstractJobQueueContractTest {
    @TempDir
    Path dir;

    private final List<SqliteMetaStore> stores = new ArrayList<>();

    @Override
    protected JobQueue openNode(TestClock clock) {
        SqliteMetaStore store = SqliteMetaStore.open(dir.resolve("data").resolve("afs.db"));
        stores.add(store);
        return store.jobs(clock);
    }

    @Override
    protected boolean sharedByNodes() {
        return true;
    }

    @AfterEach
    void closeStores() {
        stores.forEach(SqliteMetaStore::close);
    }
}
