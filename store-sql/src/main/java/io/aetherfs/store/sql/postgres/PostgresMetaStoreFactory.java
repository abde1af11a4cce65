package io.aetherfs.store.sql.postgres;

import io.aetherfs.core.spi.JobQueue;
import io.aetherfs.core.spi.MetaStore;
import io.aetherfs.core.spi.MetaStoreFactory;
import io.aetherfs.core.spi.Notifier;
import io.aetherfs.core.spi.StoreSettings;
import java.util.Optional;

/**
 * Registers the scale-out metadata backend as kind {@code postgres}: the database of
 * {@code storage.postgres_url} (pool of {@code storage.postgres_max_connections}) with its {@code jobs}
 * table, and the notifier on its {@code LISTEN/NOTIFY}, shared by every node.
 */
public final class PostgresMetaStoreFactory implements MetaStoreFactory {
    /** The kind name of this backend. */
    public static final String KIND = "postgres";

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public MetaStore open(StoreSettings settings) {
        return PostgresMetaStore.open(settings(settings));
    }

    @Override
    public Optional<JobQueue> jobsOf(MetaStore store) {
        return store instanceof PostgresMetaStore postgres ? Optional.of(postgres.jobs()) : Optional.empty();
    }

    @Override
    public Notifier notifier(MetaStore store, StoreSettings settings) {
        return PgNotifier.open(settings(settings));
    }

    @Override
    public String describe(StoreSettings settings) {
        return "PostgreSQL " + settings(settings).describe();
    }

    /** Returns the PostgreSQL settings of {@code storage.postgres_url} and {@code postgres_max_connections}. */
    static PostgresSettings settings(StoreSettings settings) {
        PostgresSettings pg = PostgresSettings.of(settings.require("postgres_url"));
        return settings.get("postgres_max_connections")
                .map(n -> pg.withMaxConnections(Integer.parseInt(n)))
                .orElse(pg);
    }
}
