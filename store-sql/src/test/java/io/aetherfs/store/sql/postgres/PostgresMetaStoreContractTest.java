package io.aetherfs.store.sql.postgres;

import io.aetherfs.core.spi.MetaStore;
import io.aetherfs.testkit.AbstractMetaStoreContractTest;

/** Runs the metadata store contract (with its scan and concurrency checks) against a real PostgreSQL. */
class PostgresMetaStoreContractTest extends AbstractMetaStoreContractTest {
    private PostgresSettings settings;

    @Override
    protected MetaStore openStore() {
        settings = PgTestSettings.freshDatabase("contract");
        return PostgresMetaStore.open(settings);
    }

    @Override
    protected MetaStore reopen(MetaStore closed) {
        return PostgresMetaStore.open(settings);
    }
}
