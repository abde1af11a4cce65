package io.aetherfs.store.sql.postgres;

import io.aetherfs.core.spi.WriterLocks;
import io.aetherfs.testkit.AbstractWriterLocksContractTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The writer locks contract on PostgreSQL advisory locks, each node a store with its own pool. */
class PgWriterLocksContractTest extends AbstractWriterLocksContractTest {
    private static final PostgresSettings SETTINGS = PgTestSettings.freshDatabase("writerlocks");
    private final List<PostgresMetaStore> stores = new ArrayList<>();

    @Override
    protected WriterLocks openNode() {
        PostgresMetaStore store = PostgresMetaStore.open(SETTINGS);
        stores.add(store);
        return store.writerLocks().orElseThrow();
    }

    @AfterEach
    void closeStores() {
        stores.forEach(PostgresMetaStore::close);
    }

    @Test
    void locksOfANodeWhoseConnectionDies_areReleased() throws Exception {
        WriterLocks dying = openNode();
        WriterLocks survivor = openNode();
        SortedSet<String> name = new TreeSet<>(Set.of("dying-node/" + System.nanoTime()));
        dying.acquire(name); // never closed: the node "dies" below
        try (Connection c = DriverManager.getConnection(SETTINGS.url());
                Statement st = c.createStatement()) {
            st.execute("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND classid = "
                    + PgWriterLocks.LOCK_CLASS + " AND objid::int = " + PgWriterLocks.key(name.first()));
        }
        Future<?> next = Executors.newVirtualThreadPerTaskExecutor().submit(() -> {
            survivor.acquire(name).close();
            return null;
        });
        next.get(10, TimeUnit.SECONDS);
    }
}
