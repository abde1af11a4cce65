package io.aetherfs.store.sql.sqlite;

import io.aetherfs.core.memory.InProcessNotifier;
import io.aetherfs.core.spi.JobQueue;
import io.aetherfs.core.spi.MetaStore;
import io.aetherfs.core.spi.MetaStoreFactory;
import io.aetherfs.core.spi.Notifier;
import io.aetherfs.core.spi.StoreSettings;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Registers the embedded metadata backend as kind {@code sqlite}: the SQLite file
 * {@code data_dir/afs.db} with its {@code jobs} table, and an in-process notifier (one node).
 */
public final class SqliteMetaStoreFactory implements MetaStoreFactory {
    /** The kind name of this backend. */
    public static final String KIND = "sqlite";

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public MetaStore open(StoreSettings settings) {
        return SqliteMetaStore.open(file(settings));
    }

    @Override
    public Optional<JobQueue> jobsOf(MetaStore store) {
        return store instanceof SqliteMetaStore sqlite ? Optional.of(sqlite.jobs()) : Optional.empty();
    }

    @Override
    public Notifier notifier(MetaStore store, StoreSettings settings) {
        return new InProcessNotifier();
    }

    @Override
    public String describe(StoreSettings settings) {
        return "SQLite " + file(settings);
    }

    private static Path file(StoreSettings settings) {
        return settings.dataDir().resolve("afs.db");
    }
}
