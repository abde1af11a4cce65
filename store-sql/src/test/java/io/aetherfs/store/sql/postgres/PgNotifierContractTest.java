package io.aetherfs.store.sql.postgres;

import io.aetherfs.core.spi.Notifier;
import io.aetherfs.testkit.AbstractNotifierContractTest;

/** Runs the notifier contract against PostgreSQL LISTEN/NOTIFY; every node is its own PgNotifier. */
class PgNotifierContractTest extends AbstractNotifierContractTest {
    private static PostgresSettings settings;

    @Override
    protected Notifier openNode() {
        synchronized (PgNotifierContractTest.class) {
            if (settings == null) {
                settings = PgTestSettings.freshDatabase("notifier_contract");
            }
        }
        return PgNotifier.open(settings);
    }

    @Override
    protected boolean sharedByNodes() {
        return true;
    }
}
